using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The account has not enough request balance for the call (HTTP 402).</summary>
public sealed class ScraperInsufficientBalanceException : ScraperApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperInsufficientBalanceException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperInsufficientBalanceException(HttpStatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }

    internal ScraperInsufficientBalanceException(ApiErrorInfo info)
        : base(info)
    {
    }
}
