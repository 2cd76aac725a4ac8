using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A job the SDK started, or is about to start, under an <see cref="IJobLedger"/>.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record JobLedgerEntry
{
    /// <summary>The <see cref="Kind"/> of a batch job.</summary>
    public const string BatchKind = "batch";

    /// <summary>The <see cref="Kind"/> of a crawl job.</summary>
    public const string CrawlKind = "crawl";

    /// <summary>The <see cref="Kind"/> of an asynchronous extraction job.</summary>
    public const string ExtractKind = "extract";

    /// <summary>Gets the identity of the work: the caller's idempotency key (<see cref="JobStartOptions.IdempotencyKey"/>),
    /// or an id the SDK chose. One entry, and so at most one job, per id.</summary>
    public required string EntryId { get; init; }

    /// <summary>Gets the kind of job: <see cref="BatchKind"/>, <see cref="CrawlKind"/> or <see cref="ExtractKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets when the work was first claimed (the claimant's clock); the search for a job whose request's answer
    /// was lost starts here.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the URL the job is about: the crawl's seed, the extraction's page, or a batch's first URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the number of URLs of a batch; <see langword="null"/> for other jobs.</summary>
    public int? UrlCount { get; init; }

    /// <summary>Gets the request body as JSON, without the headers for target sites (they may carry those sites'
    /// secrets); never the API key. Read it back with the SDK's request types to start the same job again.</summary>
    public string? RequestJson { get; init; }

    /// <summary>Gets the job id; <see langword="null"/> until the job is known to exist.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets where the work stands.</summary>
    public JobLedgerState State { get; init; }

    /// <summary>Gets the process that holds the entry's lease (its last claimant), for example <c>host/1234/5f0c</c>.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets when the owner's lease ends unless renewed (the ledger's clock); <see langword="null"/> once finished.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets the terminal status of a <see cref="JobLedgerState.Finished"/> entry.</summary>
    public JobStatus? FinalStatus { get; init; }
}
