namespace Geonode.Scraper.Internal;

/// <summary>
/// Looks for the job a request may have started although its answer was lost: the jobs of its kind created within a window
/// that begins at the recorded intent and ends now, both measured on the server's clock (the list response's <c>Date</c>;
/// the local clock only when there is none), which match what the list shows of the request (URL, seed URL or URL count).
/// </summary>
internal static class StartedJobFinder
{
    /// <summary>The page size of the list reads.</summary>
    public const int PageSize = 100;

    /// <summary>How far the window reaches beyond the elapsed time: <c>Date</c> has whole seconds, and a server takes a moment.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>The most list pages read (newest first), so a busy account cannot make the search endless.</summary>
    private const int MaxPages = 5;

    public static async Task<IScraperJob> FindAsync(JobLedgerEntry entry, ListedJobsPage list, TimeProvider time, Exception? inner, CancellationToken cancellationToken)
    {
        var candidates = new List<IScraperJob>();
        DateTimeOffset? from = null, to = null;
        for (var page = 1; page <= MaxPages; page++)
        {
            var (jobs, serverDate, pageCount) = await list(page, cancellationToken).ConfigureAwait(false);
            if (from is null)
            {
                var localNow = time.GetUtcNow();
                var elapsed = localNow - entry.RecordedAt;
                var serverNow = serverDate ?? localNow;
                from = serverNow - (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed) - Slack;
                to = serverNow + Slack;
            }

            candidates.AddRange(jobs.Where(j => j.CreatedAt >= from && j.CreatedAt <= to && Matches(entry, j)).Select(j => j.Job));
            if (jobs.Count < PageSize || page >= pageCount || jobs.All(j => j.CreatedAt < from))
            {
                break;
            }
        }

        var distinct = candidates.GroupBy(c => c.JobId, StringComparer.Ordinal).Select(g => g.First()).ToList();
        return distinct.Count == 1 ? distinct[0] : throw new ScraperUnknownOutcomeException(entry, distinct, inner);
    }

    private static bool Matches(JobLedgerEntry entry, ListedJob job) =>
        entry.UrlCount is { } count ? job.UrlCount == count : SameUrl(job.Url, entry.Url);

    private static bool SameUrl(string? a, string? b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && Uri.Compare(x, y, UriComponents.HttpRequestUrl, UriFormat.SafeUnescaped, StringComparison.Ordinal) == 0;
}
