using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public ScrapeManyRun ScrapeManyAsync(IEnumerable<string> urls, ScrapeManyOptions? options = null, CancellationToken cancellationToken = default) =>
        ScrapeMany.Start(_runtime, urls, options, cancellationToken);

    /// <inheritdoc/>
    public async Task<JobOperation> ResumeOperationAsync(JobLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(entry);
        Guard.NotNullOrWhiteSpace(entry.EntryId, nameof(entry));
        if (entry.Kind is not (JobLedgerEntry.BatchKind or JobLedgerEntry.CrawlKind or JobLedgerEntry.ExtractKind))
        {
            throw new ArgumentException($"The entry's kind '{entry.Kind}' is not batch, crawl or extract.", nameof(entry));
        }

        var jobId = entry.JobId ?? await _runtime.Starter.ResumeAsync(entry, StartOf(entry.Kind), cancellationToken).ConfigureAwait(false);
        return entry.Kind switch
        {
            JobLedgerEntry.BatchKind => GetBatchOperation(jobId),
            JobLedgerEntry.CrawlKind => GetCrawlOperation(jobId),
            _ => GetExtractOperation(jobId),
        };
    }

    private IJobStart StartOf(string kind) => kind switch
    {
        JobLedgerEntry.BatchKind => _runtime.BatchStart,
        JobLedgerEntry.CrawlKind => _runtime.CrawlStart,
        _ => _runtime.Extracts.Start,
    };
}
