using System.Net;

namespace Geonode.Scraper;

/// <summary>
/// The API answered with a success status, but the body is not the JSON the SDK expects: HTML from a proxy, a truncated
/// body, or a different shape.
/// </summary>
public sealed class ScraperResponseException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperResponseException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public ScraperResponseException(HttpStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the response's content type, if it had one.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the first bytes of the body as text (up to 512 bytes).</summary>
    public string? BodyPrefix { get; init; }
}
