namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>What a cancel found.</summary>
/// <param name="Cancelled">Whether the job is cancelled now (by this call or an earlier one).</param>
/// <param name="Status">The job's status when it could not be cancelled (it had ended), else <c>cancelled</c>.</param>
/// <param name="InFlight">Pages or URLs that were being extracted when the cancel arrived.</param>
internal sealed record CancelOutcome(bool Cancelled, JobStatus Status, int InFlight);
