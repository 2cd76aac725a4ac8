using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AI.Internal;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI;

/// <summary>Settings of <see cref="ScraperStructuredExtraction.ExtractAsync{T}"/> and <see cref="ScraperStructuredExtraction.ExtractManyAsync{T}"/>.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class StructuredExtractOptions
{
    /// <summary>Gets or sets what to extract, in words, added to the prompt (for example "the plan names and monthly prices").</summary>
    public string? Instructions { get; set; }

    /// <summary>Gets or sets the most characters of the page's Markdown sent to the chat client; the rest is cut off.</summary>
    /// <value>The default value is 60,000 characters.</value>
    public int MaxPageLength { get; set; } = 60_000;

    /// <summary>Gets or sets whether the page is rendered in a headless browser before it is read.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RenderJs { get; set; }

    /// <summary>Gets or sets the chat options of each request (model, temperature…); the response format is set by the extraction.</summary>
    public ChatOptions? ChatOptions { get; set; }

    /// <summary>Gets or sets how many pages <see cref="ScraperStructuredExtraction.ExtractManyAsync{T}"/> works on at once.</summary>
    /// <value>The default value is 4.</value>
    public int MaxConcurrency { get; set; } = 4;
}
