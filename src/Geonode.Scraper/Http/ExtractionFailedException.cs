using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A synchronous extraction reached the API but the target page could not be extracted (HTTP 422 with an error code); <see cref="ScraperApiException.IsRetryable"/> says whether trying again may help. Failed extractions are not charged.</summary>
/// <remarks>Inferred: the docs say a synchronous extract answers 422 both for an invalid request and for a page that could
/// not be extracted, but not how to tell them apart. The SDK takes a 422 whose body has a <c>code</c> other than
/// <c>VALIDATION_ERROR</c> and no FastAPI <c>detail</c> list as an extraction failure (this exception), and any other 422
/// as a <see cref="ScraperValidationException"/>.</remarks>
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
