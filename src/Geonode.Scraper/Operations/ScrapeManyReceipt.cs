using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>What a <see cref="IScraperClient.ScrapeManyAsync"/> run did and cost: the sums over its batches, each batch's
/// own <see cref="JobReceipt"/>, and every mismatch found, including URLs that never came back.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record ScrapeManyReceipt
{
    /// <summary>Gets the URLs submitted (the length of the list passed in).</summary>
    public int Submitted { get; init; }

    /// <summary>Gets the URLs whose result completed.</summary>
    public int Succeeded { get; init; }

    /// <summary>Gets the URLs whose result failed; <see cref="FailedUrls"/> lists them.</summary>
    public int Failed { get; init; }

    /// <summary>Gets the URLs whose result was cancelled.</summary>
    public int Cancelled { get; init; }

    /// <summary>Gets the URLs a server skipped as invalid.</summary>
    public int Invalid { get; init; }

    /// <summary>Gets the URLs that never came back in their batch's results.</summary>
    public int Missing { get; init; }

    /// <summary>Gets the tokens the batches were charged, as their statuses report them.</summary>
    public long TokensCharged { get; init; }

    /// <summary>Gets every failed URL with the server's error.</summary>
    public IReadOnlyList<FailedUrl> FailedUrls { get; init; } = [];

    /// <summary>Gets the receipt of each batch, in the order they were started.</summary>
    public IReadOnlyList<JobReceipt> Batches { get; init; } = [];

    /// <summary>Gets every mismatch found, the batches' own included; empty when everything adds up.</summary>
    public IReadOnlyList<string> Discrepancies { get; init; } = [];

    /// <summary>Gets a value indicating whether everything adds up.</summary>
    public bool IsConsistent => Discrepancies.Count == 0;
}
