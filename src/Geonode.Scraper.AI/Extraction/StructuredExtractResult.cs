using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AI.Internal;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI;

/// <summary>A value extracted from a web page, with what each step cost: the scrape in the API's tokens, the chat in the
/// chat client's usage, reported separately.</summary>
/// <typeparam name="T">The type extracted.</typeparam>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record StructuredExtractResult<T>
{
    /// <summary>Gets the value the chat client extracted from the page.</summary>
    public required T Value { get; init; }

    /// <summary>Gets the URL of the page the value comes from.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the scrape's job id, when the API returned one.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets what the scrape was charged, in the Geonode API's tokens (not the chat model's), when the API said.</summary>
    public int? ScrapeTokensCharged { get; init; }

    /// <summary>Gets the chat client's usage over every request of this extraction (a corrective retry included), when it reported it.</summary>
    public UsageDetails? ChatUsage { get; init; }
}
