using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The API rejected the request as invalid (HTTP 400 or 422); see <see cref="ScraperApiException.ValidationErrors"/>.</summary>
public sealed class ScraperValidationException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperValidationException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperValidationException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperValidationException(ApiErrorInfo info)
        : base(info)
    {
    }
}
