using Microsoft.Extensions.Hosting;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// Replaces the console lifetime that <c>WebApplication.CreateSlimBuilder</c> registers: an emulator hosted inside another
/// application (a test run, the sample) must not take that process's Ctrl-C and SIGTERM. It stops when it is disposed.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
