using System.Reflection;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// Makes the SDK's jitter repeatable. Every jittered delay of the SDK (the spread first poll, the backoff, the finish
/// prediction's sleeps) draws from one process-wide <see cref="Random"/> in <see cref="Backoff"/> that has no seed and no
/// seam to pass one. The simulation gives that instance the state of <c>new Random(seed)</c> before each simulated wait, so
/// the SDK runs with its real jitter (±20 % by default) and the printed figures are identical from run to run. This reaches
/// into private fields (the SDK's and <see cref="Random"/>'s); if either changes shape it fails loudly instead of printing
/// figures that would vary.
/// </summary>
internal static class SeededJitter
{
    private static readonly Random Shared = (Random)(typeof(Backoff).GetField("SharedRandom", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
        ?? throw new InvalidOperationException("Backoff.SharedRandom is gone: update SeededJitter to seed the SDK's jitter."));

    private static readonly FieldInfo Implementation = typeof(Random).GetField("_impl", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("System.Random has no _impl field on this runtime: update SeededJitter.");

    /// <summary>Gives the SDK's jitter source the sequence of <c>new Random(<paramref name="seed"/>)</c>.</summary>
    public static void Reseed(int seed) => Implementation.SetValue(Shared, Implementation.GetValue(new Random(seed)));
}
