namespace Geonode.Scraper;

/// <summary>A request to extract one page (<c>POST /v1/extract</c>). Only <see cref="Url"/> is required.</summary>
public sealed record ExtractRequest
{
    /// <summary>Gets the absolute http or https URL of the page to extract.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the formats to return.</summary>
    /// <value>The default is <see langword="null"/>: not sent, and the API chooses (Markdown, the SDK assumes).</value>
    /// <remarks>Inferred: the extraction endpoint's default is not documented (the batch endpoint's is <c>["markdown"]</c>);
    /// ask for <see cref="OutputFormat.Html"/> explicitly if you need it. The live contract tests report the real default.</remarks>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets a value indicating whether to render the page in a headless browser before extraction.</summary>
    /// <value>The default is <see langword="null"/>: the API does not render JavaScript.</value>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the processing mode.</summary>
    /// <value>
    /// The default is <see langword="null"/>: synchronous. <see cref="IScraperClient.ExtractAsync"/> returns the content in
    /// both modes; <see cref="IScraperClient.StartExtractAsync"/> always sends <see cref="ProcessingMode.Async"/>.
    /// </value>
    public ProcessingMode? ProcessingMode { get; init; }

    /// <summary>Gets the proxy to fetch the page through.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets HTTP headers to send to the target site. Never put your API key here.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets what the browser waits for before extraction.</summary>
    public WaitConfig? WaitConfig { get; init; }

    /// <summary>Gets a value indicating whether to return the absolute URLs of the page's links in <see cref="PageContent.Links"/>.</summary>
    public bool? ExtractLinks { get; init; }
}
