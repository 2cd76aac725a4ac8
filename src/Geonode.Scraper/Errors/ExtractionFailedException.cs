using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A synchronous extraction reached the API but the target page could not be extracted (HTTP 422 with an error code); <see cref="ScraperApiException.IsRetryable"/> says whether trying again may help. Failed extractions are not charged.</summary>
public sealed class ExtractionFailedException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ExtractionFailedException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ExtractionFailedException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ExtractionFailedException(ApiErrorInfo info)
        : base(info)
    {
    }
}
