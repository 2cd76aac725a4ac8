using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The API rejected the API key (HTTP 401 or 403): it is missing, wrong or revoked.</summary>
public sealed class ScraperAuthenticationException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperAuthenticationException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperAuthenticationException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperAuthenticationException(ApiErrorInfo info)
        : base(info)
    {
    }
}
