using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The API answered with an HTTP error status. Subclasses mark the cases a caller handles differently.</summary>
/// <remarks>Inferred: the body is read whatever its shape, because the docs show several: the API's
/// <c>{ code, message, correlation_id, retryable }</c>, FastAPI's <c>{ detail: [...] }</c> for validation errors, an empty
/// body on some 4xx, and (assumed, as FastAPI and gateways send them) a string <c>detail</c> or an envelope nested under
/// <c>error</c>. Which shape comes with which status is not documented; what cannot be read stays in
/// <see cref="ResponseBody"/>.</remarks>
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
    /// <remarks>Inferred: a string <c>detail</c> (FastAPI's shape for errors it raises itself) is not shown in the docs.</remarks>
    public string? ServerMessage { get; init; }

    /// <summary>Gets the server's correlation id, to quote to support.</summary>
    /// <remarks>Inferred: taken from the body's <c>correlation_id</c> (documented) or, when the body has none, from an
    /// <c>X-Correlation-Id</c> or <c>X-Request-Id</c> response header (neither header is documented).</remarks>
    public string? CorrelationId { get; init; }

    /// <summary>Gets the server's <c>retryable</c> flag, or <see langword="null"/> when it sent none.</summary>
    public bool? IsRetryable { get; init; }

    /// <summary>Gets the validation problems the server listed (FastAPI <c>detail</c>); empty when there were none.</summary>
    public IReadOnlyList<ValidationError> ValidationErrors { get; init; } = [];

    /// <summary>Gets the response body as text, cut to 4 KB; <see langword="null"/> when the body was empty.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Gets how long the server asked to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
