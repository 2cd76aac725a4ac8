using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>
/// When a host runs the application: applies (or checks) the schema as the host starts, so that a wrong connection string
/// or missing rights fail the start instead of the first job, and opens the signal's listening connection at once. Without a
/// host, both happen on first use.
/// </summary>
internal sealed class CoordinationStartup(CoordinationStore store, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (services.GetService<IJobCompletionSignal>() is PostgreSqlJobCompletionSignal signal)
        {
            signal.StartListening();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
