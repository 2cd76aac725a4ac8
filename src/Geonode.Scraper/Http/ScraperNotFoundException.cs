using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The job or webhook does not exist, or belongs to another API key (HTTP 404).</summary>
public sealed class ScraperNotFoundException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperNotFoundException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperNotFoundException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperNotFoundException(ApiErrorInfo info)
        : base(info)
    {
    }
}
