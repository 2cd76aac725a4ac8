using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The request conflicts with the job's state (HTTP 409), for example cancelling a job that has already ended.</summary>
public sealed class ScraperConflictException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperConflictException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperConflictException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperConflictException(ApiErrorInfo info)
        : base(info)
    {
    }
}
