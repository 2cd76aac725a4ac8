using System.Text.Json;

namespace Geonode.Scraper.Internal;

/// <summary>The requests a job ledger recorded, read back for the workflows (<see cref="RetryFailedExtensions"/>).</summary>
/// <remarks>The ledger never holds the headers for target sites (they may carry those sites' secrets): a request read back
/// from it has none, and the workflows take them from what the job's status echoes.</remarks>
internal sealed class LedgerRequestSource(IJobLedger ledger) : IJobRequestSource
{
    public async ValueTask<BatchRequest?> FindBatchRequestAsync(string jobId, CancellationToken cancellationToken) =>
        await FindAsync(jobId, JobLedgerEntry.BatchKind, cancellationToken).ConfigureAwait(false) is { } json
            ? Read(json, static j => JsonSerializer.Deserialize(j, ScraperJsonContext.Default.BatchRequest))
            : null;

    public async ValueTask<CrawlRequest?> FindCrawlRequestAsync(string jobId, CancellationToken cancellationToken) =>
        await FindAsync(jobId, JobLedgerEntry.CrawlKind, cancellationToken).ConfigureAwait(false) is { } json
            ? Read(json, static j => JsonSerializer.Deserialize(j, ScraperJsonContext.Default.CrawlRequest))
            : null;

    private async Task<string?> FindAsync(string jobId, string kind, CancellationToken cancellationToken) =>
        await ledger.FindAsync(jobId, cancellationToken).ConfigureAwait(false) is { RequestJson: { } json } entry && entry.Kind == kind
            ? json
            : null;

    /// <summary>A record that does not read as the request (written by another version, or by hand) is ignored: the
    /// workflow then falls back to the job's echoed settings, as without a ledger.</summary>
    private static T? Read<T>(string json, Func<string, T?> read)
        where T : class
    {
        try
        {
            return read(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
