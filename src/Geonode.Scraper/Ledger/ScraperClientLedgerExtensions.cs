using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Resolves what a <see cref="IJobLedger"/> left open after a restart.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class ScraperClientLedgerExtensions
{
    /// <summary>
    /// Looks for the job that a ledger entry without a job id may have started (the process stopped, or the connection was
    /// lost, between sending the request and reading its answer): the jobs of the entry's kind created since the entry was
    /// recorded that match its URL (crawl, extraction) or URL count (batch). Record what it returns with
    /// <see cref="IJobLedger.RecordStartedAsync"/>, then resume waiting for it by id.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="entry">An entry from <see cref="IJobLedger.ListInFlightAsync"/> whose <see cref="JobLedgerEntry.JobId"/> is <see langword="null"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The one job that matches.</returns>
    /// <exception cref="ArgumentException">The entry's kind is not batch, crawl or extract.</exception>
    /// <exception cref="ScraperUnknownOutcomeException">None or several jobs match; <see cref="ScraperUnknownOutcomeException.Candidates"/> lists them.</exception>
    /// <remarks>A <see cref="ScraperClient"/> measures the search window on the server's clock (the list response's
    /// <c>Date</c>); other implementations of <see cref="IScraperClient"/> on the local clock.</remarks>
    public static Task<IScraperJob> FindStartedJobAsync(this IScraperClient client, JobLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(entry);
        if (entry.Kind is not (JobLedgerEntry.BatchKind or JobLedgerEntry.CrawlKind or JobLedgerEntry.ExtractKind))
        {
            throw new ArgumentException($"The entry's kind '{entry.Kind}' is not batch, crawl or extract.", nameof(entry));
        }

        return client is ScraperClient scraper
            ? scraper.FindStartedJobAsync(entry, cancellationToken)
            : StartedJobFinder.FindAsync(entry, StartedJobFinder.Over(client, entry.Kind), TimeProvider.System, null, cancellationToken);
    }
}
