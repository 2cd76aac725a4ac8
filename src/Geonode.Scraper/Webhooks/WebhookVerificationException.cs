namespace Geonode.Scraper;

/// <summary>A webhook delivery failed verification (wrong or missing signature) or its verified body is not a webhook
/// envelope. Answer such a request with 400 or 401 and do not act on it.</summary>
public sealed class WebhookVerificationException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="WebhookVerificationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WebhookVerificationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
