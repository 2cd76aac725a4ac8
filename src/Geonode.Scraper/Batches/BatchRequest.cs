namespace Geonode.Scraper;

/// <summary>A request to extract up to 1,000 URLs as one batch job (<c>POST /v1/batch</c>).</summary>
public sealed record BatchRequest
{
    /// <summary>Gets the absolute http or https URLs to extract: 1 to 1,000 of them.</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>Gets a value indicating whether the server should skip invalid URLs (reported in
    /// <see cref="BatchJobAccepted.InvalidUrls"/>) instead of rejecting the whole batch.</summary>
    /// <value>
    /// The default is <see langword="false"/>: every URL is checked before the request and a malformed one throws
    /// <see cref="ArgumentException"/>, so nothing is dropped silently. The value is always sent, because the API's
    /// documentation disagrees about its server-side default.
    /// </value>
    public bool IgnoreInvalidUrls { get; init; }

    /// <summary>Gets the formats to return.</summary>
    /// <value>The default is <see langword="null"/>: the API returns Markdown.</value>
    public IReadOnlyList<OutputFormat>? Formats { get; init; }

    /// <summary>Gets a value indicating whether to render pages in a headless browser.</summary>
    public bool? RenderJs { get; init; }

    /// <summary>Gets the proxy to fetch the pages through.</summary>
    public ProxySettings? Proxy { get; init; }

    /// <summary>Gets HTTP headers to send to the target sites. Never put your API key here.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets what the browser waits for before extraction.</summary>
    public WaitConfig? WaitConfig { get; init; }

    /// <summary>Gets a value indicating whether to return each page's links in <see cref="PageContent.Links"/>.</summary>
    /// <value>The default is <see langword="null"/>: not sent.</value>
    /// <remarks>Inferred: the batch request table does not list <c>extract_links</c>; the SDK sends it because batch items
    /// carry <c>data.links</c> and the extraction request has the field. A server that does not know it may ignore it.</remarks>
    public bool? ExtractLinks { get; init; }

    /// <summary>Gets the processing mode to send as <c>processing_mode</c>.</summary>
    /// <value>The default is <see langword="null"/>: not sent.</value>
    /// <remarks>Inferred: the API's batch guide lists <c>processing_mode</c> among the batch fields, but nothing says what it
    /// does for a batch: a batch is always started as a job (HTTP 202) and read with <see cref="IScraperClient.GetBatchAsync"/>
    /// or <see cref="IScraperClient.WaitForBatchAsync"/>, whatever is sent. The SDK passes the value through and does not
    /// change how it waits.</remarks>
    public ProcessingMode? ProcessingMode { get; init; }
}
