using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Internal;

/// <summary>
/// What a kind of job with result pages (batch, crawl) is, described once by its feature: its status endpoint with its
/// result pages, its cancel endpoint, its counters, its token usage, and the identity and status of a result item.
/// </summary>
internal sealed class ResultJobDescriptor<TJob, TItem, TCancellation>
    where TJob : class, IScraperJob
    where TCancellation : class, IScraperJob
{
    public required JobKind Kind { get; init; }

    /// <summary>Gets the path prefix, for example <c>v1/batch/</c>.</summary>
    public required string Prefix { get; init; }

    /// <summary>Gets the route template of the job, for example <c>/v1/batch/{job_id}</c>.</summary>
    public required string Route { get; init; }

    public required JsonTypeInfo<TJob> JobType { get; init; }

    public required JsonTypeInfo<TCancellation> CancellationType { get; init; }

    public required Func<TJob, IReadOnlyList<TItem>> Results { get; init; }

    public required Func<TJob, JobProgress> Progress { get; init; }

    public required Func<TJob, TokenSummary?> Usage { get; init; }

    public required Func<TItem, string> Key { get; init; }

    public required Func<TItem, JobStatus> Status { get; init; }

    /// <summary>Gets the answer to a cancel that heard "can no longer be cancelled" (409), once a read found the job cancelled.</summary>
    public required Func<string, TCancellation> ConfirmedCancellation { get; init; }
}
