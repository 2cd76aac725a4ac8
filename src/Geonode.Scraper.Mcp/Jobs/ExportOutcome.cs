namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>What one bounded run of an export did.</summary>
/// <param name="Finished">Whether every page or item of the ended job is now in the folder (or recorded as failed).</param>
/// <param name="Directory">The export's folder.</param>
/// <param name="Written">Pages or items written by this run.</param>
/// <param name="AlreadyThere">Pages or items an earlier run had written (or recorded as failed), skipped.</param>
/// <param name="Failed">Pages or items recorded as failed by this run.</param>
/// <param name="Job">The job's latest status, when one was read.</param>
/// <param name="Failures">Every failure the export records, when <paramref name="Finished"/>; empty otherwise.</param>
internal sealed record ExportOutcome(
    bool Finished, string Directory, int Written, int AlreadyThere, int Failed, JobView? Job, IReadOnlyList<(string Url, string? Reason)> Failures);
