namespace Geonode.Scraper.Internal;

/// <summary>
/// The requests jobs were started with, as something that recorded them (the job ledger) knows them. The workflows ask it
/// before they fall back to the settings a job's status echoes back, which leave some out (README: "Re-run what failed").
/// </summary>
/// <remarks>The client's job ledger answers through <see cref="LedgerRequestSource"/> (<see cref="ScraperClient.RequestSource"/>).</remarks>
internal interface IJobRequestSource
{
    /// <summary>Finds the request batch <paramref name="jobId"/> was started with, or <see langword="null"/>.</summary>
    ValueTask<BatchRequest?> FindBatchRequestAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Finds the request crawl <paramref name="jobId"/> was started with, or <see langword="null"/>.</summary>
    ValueTask<CrawlRequest?> FindCrawlRequestAsync(string jobId, CancellationToken cancellationToken);
}
