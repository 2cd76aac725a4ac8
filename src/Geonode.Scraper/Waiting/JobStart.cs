using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Internal;

/// <summary>How one kind of job is started and recognised again: its POST, what the ledger keeps of the request, a page of
/// its job list (to find a job whose answer was lost) and a read of one job by id (for a key whose job exists). Each
/// feature describes its own; the job starter (<c>JobStarter</c>) runs them.</summary>
internal sealed class JobStart<TRequest, TAccepted> : IJobStart
{
    public required string Kind { get; init; }

    public required string Path { get; init; }

    public required string Route { get; init; }

    public required JsonTypeInfo<TRequest> RequestType { get; init; }

    public required JsonTypeInfo<TAccepted> AcceptedType { get; init; }

    public required Func<TRequest, string?> Url { get; init; }

    public Func<TRequest, int>? UrlCount { get; init; }

    /// <summary>Gets the accepted answer built from a job found on the list or read by id.</summary>
    public required Func<IScraperJob, TAccepted> FromListed { get; init; }

    /// <summary>Gets a page of the kind's job list, with the server's clock.</summary>
    public required ListedJobsPage List { get; init; }

    /// <summary>Gets a read of one job by id.</summary>
    public required Func<string, CancellationToken, Task<IScraperJob>> Read { get; init; }
}

/// <summary>What resuming a ledger entry needs of its kind of job, whatever its request type.</summary>
internal interface IJobStart
{
    string Kind { get; }

    ListedJobsPage List { get; }
}

/// <summary>One page of a job list: each job with its creation time and what identifies its request, the server's clock
/// (the response's <c>Date</c>) and the number of pages.</summary>
internal delegate Task<(IReadOnlyList<ListedJob> Jobs, DateTimeOffset? ServerDate, int PageCount)> ListedJobsPage(int page, CancellationToken cancellationToken);

/// <summary>A listed job, as far as recognising the request that started it needs it.</summary>
internal sealed record ListedJob(IScraperJob Job, DateTimeOffset CreatedAt, string? Url, int? UrlCount);
