using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The API throttled the request (HTTP 429) and the SDK did not retry it, or the wait it asked for (<see cref="ScraperApiException.RetryAfter"/>) is longer than <see cref="RetryOptions.MaxRetryAfter"/>.</summary>
/// <remarks>Inferred: the SDK retries a POST (which starts a billed job) after a 429, on the assumption that a throttled
/// request was refused before any work began; the docs do not say so (the 429 row is cut off). No rate-limit headers are
/// documented; <c>Retry-After</c> is honoured when present.</remarks>
public sealed class ScraperRateLimitException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperRateLimitException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperRateLimitException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperRateLimitException(ApiErrorInfo info)
        : base(info)
    {
    }
}
