using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The API answered with an HTTP error status. Subclasses mark the cases a caller handles differently.</summary>
public class ScraperApiException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="ScraperApiException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The message.</param>
    public ScraperApiException(HttpStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    internal ScraperApiException(ApiErrorInfo info)
        : base(info.Message)
    {
        StatusCode = info.StatusCode;
        ErrorCode = info.Code;
        ServerMessage = info.ServerMessage;
        CorrelationId = info.CorrelationId;
        IsRetryable = info.Retryable;
        ValidationErrors = info.ValidationErrors;
        ResponseBody = info.Body;
        RetryAfter = info.RetryAfter;
    }

    /// <summary>Gets the HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the server's machine-readable error code (<c>code</c>), for example <c>VALIDATION_ERROR</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the server's error message (<c>message</c>, or a string <c>detail</c>).</summary>
    public string? ServerMessage { get; init; }

    /// <summary>Gets the server's correlation id, to quote to support.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the server's <c>retryable</c> flag, or <see langword="null"/> when it sent none.</summary>
    public bool? IsRetryable { get; init; }

    /// <summary>Gets the validation problems the server listed (FastAPI <c>detail</c>); empty when there were none.</summary>
    public IReadOnlyList<ValidationError> ValidationErrors { get; init; } = [];

    /// <summary>Gets the response body as text, cut to 4 KB; <see langword="null"/> when the body was empty.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Gets how long the server asked to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets or sets a value indicating whether an earlier attempt of the same call may have reached the server
    /// (its answer was lost), so this answer may describe the effect of that attempt.</summary>
    internal bool AfterPossiblyDeliveredAttempt { get; set; }
}
