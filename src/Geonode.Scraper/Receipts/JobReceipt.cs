using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// What a finished batch or crawl did, URL by URL, and what it cost: the answer to "did every URL come back, and what did it
/// cost?". The figures are those of the results actually read; the job's own counters, the number of URLs submitted and the
/// tokens charged are checked against them and against each other, and every mismatch is listed in
/// <see cref="Discrepancies"/>, never hidden.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record JobReceipt
{
    /// <summary>Gets the job id.</summary>
    public required string JobId { get; init; }

    /// <summary>Gets the kind of job: <c>batch</c> or <c>crawl</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the job's terminal status.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the URLs submitted: a batch's URLs (accepted and invalid), or the pages a crawl found.</summary>
    public int Submitted { get; init; }

    /// <summary>Gets the results read that completed.</summary>
    public int Succeeded { get; init; }

    /// <summary>Gets the results read that failed; <see cref="FailedUrls"/> lists them.</summary>
    public int Failed { get; init; }

    /// <summary>Gets the results read that were cancelled (the job was stopped before them).</summary>
    public int Cancelled { get; init; }

    /// <summary>Gets the URLs of a batch the server skipped as invalid; <see cref="InvalidUrls"/> lists them.</summary>
    public int Invalid { get; init; }

    /// <summary>Gets the tokens (requests) the job was charged, as its status reports them; <see langword="null"/> when it
    /// reports none.</summary>
    public int? TokensCharged { get; init; }

    /// <summary>Gets every failed URL with the server's error.</summary>
    public IReadOnlyList<FailedUrl> FailedUrls { get; init; } = [];

    /// <summary>Gets the URLs the server skipped as invalid.</summary>
    public IReadOnlyList<string> InvalidUrls { get; init; } = [];

    /// <summary>Gets the number of results read (each once).</summary>
    public int ItemsRead { get; init; }

    /// <summary>Gets every mismatch found between the results read, the job's counters, the URLs submitted and the tokens
    /// charged; empty when everything adds up.</summary>
    public IReadOnlyList<string> Discrepancies { get; init; } = [];

    /// <summary>Gets a value indicating whether everything adds up.</summary>
    public bool IsConsistent => Discrepancies.Count == 0;
}
