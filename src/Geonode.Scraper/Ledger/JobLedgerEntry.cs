using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A job the SDK started (or was about to start) while an <see cref="IJobLedger"/> was configured.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record JobLedgerEntry
{
    /// <summary>The <see cref="Kind"/> of a batch job.</summary>
    public const string BatchKind = "batch";

    /// <summary>The <see cref="Kind"/> of a crawl job.</summary>
    public const string CrawlKind = "crawl";

    /// <summary>The <see cref="Kind"/> of an asynchronous extraction job.</summary>
    public const string ExtractKind = "extract";

    /// <summary>Gets the entry's identity, chosen by the SDK before the request is sent.</summary>
    public required string EntryId { get; init; }

    /// <summary>Gets the kind of job: <see cref="BatchKind"/>, <see cref="CrawlKind"/> or <see cref="ExtractKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets when the SDK was about to send the request (the client's clock).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the URL the job is about: the crawl's seed, the extraction's page, or a batch's first URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the number of URLs of a batch; <see langword="null"/> for other jobs.</summary>
    public int? UrlCount { get; init; }

    /// <summary>Gets the request body as JSON, without the headers for target sites (they may carry those sites'
    /// secrets); never the API key. Read it back with the SDK's request types to start the same job again.</summary>
    public string? RequestJson { get; init; }

    /// <summary>Gets the job id; <see langword="null"/> while the outcome of the request is not known (the process stopped
    /// or the connection was lost between sending it and reading the answer).</summary>
    public string? JobId { get; init; }
}
