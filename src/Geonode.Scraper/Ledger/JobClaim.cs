using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The outcome of <see cref="IJobLedger.ClaimAsync"/>: the entry as stored, and whether the caller owns it.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record JobClaim
{
    /// <summary>Gets the entry as stored after the claim (its state tells what the owner has to do next).</summary>
    public required JobLedgerEntry Entry { get; init; }

    /// <summary>Gets a value indicating whether the caller holds the entry's lease now.</summary>
    public bool IsOwner { get; init; }

    /// <summary>Gets a value indicating whether the caller took the entry over from an owner whose lease had expired.</summary>
    public bool TookOver { get; init; }
}
