using System.Net;

namespace Geonode.Scraper.Internal;

/// <summary>Everything parsed from an error response, handed to the exception constructors.</summary>
internal sealed record ApiErrorInfo(
    HttpStatusCode StatusCode,
    string Message,
    string? Code,
    string? ServerMessage,
    string? CorrelationId,
    bool? Retryable,
    IReadOnlyList<ValidationError> ValidationErrors,
    string? Body,
    TimeSpan? RetryAfter);
