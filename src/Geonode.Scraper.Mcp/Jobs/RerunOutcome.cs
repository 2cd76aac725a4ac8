namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>What re-running the failures of a crawl or batch started.</summary>
/// <param name="SourceJobId">The job whose failures were re-run.</param>
/// <param name="FailedUrls">The URLs that had failed and were sent again; empty when nothing had failed.</param>
/// <param name="BatchJobIds">The batches started for them.</param>
/// <param name="SettingsFromRecord">Whether the settings came from the request the ledger recorded (else from the job's status).</param>
internal sealed record RerunOutcome(string SourceJobId, IReadOnlyList<string> FailedUrls, IReadOnlyList<string> BatchJobIds, bool SettingsFromRecord);
