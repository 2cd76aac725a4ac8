using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A request that starts a job may have reached the API but its answer was lost (the connection broke, the attempt timed
/// out, or the body was unreadable), and the API's job lists do not show exactly one job that it could have started.
/// The request was not sent again: a second one could start and bill a second job. <see cref="Candidates"/> lists the jobs
/// that match; none means the job was most likely not started (a list may lag behind, so check again before starting anew).
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ScraperUnknownOutcomeException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperUnknownOutcomeException"/> class.</summary>
    /// <param name="entry">The ledger entry of the request.</param>
    /// <param name="candidates">The jobs that match it.</param>
    /// <param name="innerException">The failure that left the outcome unknown, if any.</param>
    public ScraperUnknownOutcomeException(JobLedgerEntry entry, IReadOnlyList<IScraperJob> candidates, Exception? innerException)
        : base(Describe(entry, candidates), innerException)
    {
        Entry = entry;
        Candidates = candidates ?? [];
    }

    /// <summary>Gets the ledger entry of the request whose outcome is unknown.</summary>
    public JobLedgerEntry Entry { get; }

    /// <summary>Gets the jobs created around the time of the request that match it (URL, seed URL or URL count).</summary>
    public IReadOnlyList<IScraperJob> Candidates { get; }

    private static string Describe(JobLedgerEntry entry, IReadOnlyList<IScraperJob>? candidates)
    {
        var what = entry.UrlCount is { } count ? $"{entry.Kind} of {count} URLs" : $"{entry.Kind} of {entry.Url}";
        var found = candidates is null || candidates.Count == 0
            ? "No matching job was found on the job list, so it was most likely not started; the list may lag behind, so check again before starting it anew."
            : $"{candidates.Count} matching jobs were found ({string.Join(", ", candidates.Select(c => c.JobId))}); wait for the right one by id.";
        return $"The request to start a {what} may have reached the API, but its answer was lost; it was not sent again, as a second request could start and bill a second job. {found}";
    }
}
