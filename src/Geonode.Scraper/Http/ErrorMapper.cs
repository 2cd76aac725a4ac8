using System.Net;
using System.Text.Json;

namespace Geonode.Scraper.Internal;

/// <summary>Turns an HTTP error response, whatever its body shape, into the matching <see cref="ScraperApiException"/>.</summary>
internal static class ErrorMapper
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxKeptChars = 4096;

    public static async Task<ScraperApiException> CreateAsync(
        HttpResponseMessage response, RequestKind kind, string apiKey, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var body = Redact(await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), apiKey);
        var status = response.StatusCode;
        string? code = null, serverMessage = null, correlationId = null;
        bool? retryable = null;
        var validation = new List<ValidationError>();
        ParseBody(body, ref code, ref serverMessage, ref correlationId, ref retryable, validation);
        correlationId ??= FirstHeader(response, "X-Correlation-Id") ?? FirstHeader(response, "X-Request-Id");

        var retryAfter = RetryAfterHeader.Get(response, timeProvider);
        var message = BuildMessage(response, kind, code, serverMessage, correlationId, validation, retryAfter);
        var kept = body is null ? null : (body.Length > MaxKeptChars ? body.Substring(0, MaxKeptChars) : body);
        var info = new ApiErrorInfo(status, message, code, serverMessage, correlationId, retryable, validation, kept, retryAfter);

        return (int)status switch
        {
            401 or 403 => new ScraperAuthenticationException(info),
            402 => new ScraperInsufficientBalanceException(info),
            404 => new ScraperNotFoundException(info),
            409 => new ScraperConflictException(info),
            429 => new ScraperRateLimitException(info),
            422 when kind == RequestKind.SyncExtract && validation.Count == 0 && code is not null && code != "VALIDATION_ERROR"
                => new ExtractionFailedException(info),
            400 or 422 => new ScraperValidationException(info),
            _ => new ScraperApiException(info),
        };
    }

    private static string BuildMessage(
        HttpResponseMessage response, RequestKind kind, string? code, string? serverMessage, string? correlationId,
        List<ValidationError> validation, TimeSpan? retryAfter)
    {
        var status = (int)response.StatusCode;
        var request = response.RequestMessage is { } r ? $"{r.Method} {r.RequestUri?.AbsolutePath}" : "The request";
        var head = $"{request} failed with HTTP {status}"
            + (string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase)
            + (code is null ? string.Empty : $" ({code})")
            + ":";

        var parts = new List<string> { head };
        if (kind == RequestKind.Cancel && status == 409)
        {
            parts.Add("the job can no longer be cancelled (it has already ended or is not in a cancellable state).");
        }
        else if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            parts.Add($"the API answered with a redirect{(location is { IsAbsoluteUri: true } ? " to " + location.GetLeftPart(UriPartial.Authority) : string.Empty)}, "
                + "which the SDK does not follow so that the API key never leaves the configured host.");
        }

        if (serverMessage is not null)
        {
            parts.Add(serverMessage.TrimEnd('.') + ".");
        }
        else if (validation.Count == 0 && parts.Count == 1)
        {
            parts.Add(DefaultMessage(status));
        }

        parts.AddRange(validation.Take(5).Select(e => e + ";"));
        if (validation.Count > 5)
        {
            parts.Add($"and {validation.Count - 5} more.");
        }

        if (retryAfter is { } wait)
        {
            parts.Add($"Retry after {wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s.");
        }

        if (correlationId is not null)
        {
            parts.Add($"Correlation id: {correlationId}.");
        }

        return string.Join(" ", parts);
    }

    private static string DefaultMessage(int status) => status switch
    {
        401 => "the API key is missing or invalid.",
        402 => "the account's request balance is too low.",
        403 => "the API key is not allowed to do this.",
        404 => "not found.",
        408 => "the server timed out.",
        409 => "the request conflicts with the current state.",
        429 => "too many requests or too many concurrent jobs.",
        >= 500 => "the server had an error.",
        _ => "no error message.",
    };

    private static void ParseBody(
        string? body, ref string? code, ref string? message, ref string? correlationId, ref bool? retryable, List<ValidationError> validation)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(body!);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            // Some gateways nest the API envelope under "error".
            if (root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object)
            {
                root = nested;
            }

            code = GetString(root, "code");
            message = GetString(root, "message");
            correlationId = GetString(root, "correlation_id");
            if (root.TryGetProperty("retryable", out var r) && (r.ValueKind == JsonValueKind.True || r.ValueKind == JsonValueKind.False))
            {
                retryable = r.GetBoolean();
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                if (detail.ValueKind == JsonValueKind.String)
                {
                    message ??= detail.GetString();
                }
                else if (detail.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in detail.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            validation.Add(ReadValidationError(item));
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, plain text): the raw text is kept in ResponseBody.
            if (body!.Length <= 200 && !body.TrimStart().StartsWith("<", StringComparison.Ordinal))
            {
                message = body.Trim();
            }
        }
    }

    private static ValidationError ReadValidationError(JsonElement item)
    {
        var location = new List<string>();
        if (item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in loc.EnumerateArray())
            {
                location.Add(part.ValueKind == JsonValueKind.String ? part.GetString()! : part.GetRawText());
            }
        }

        return new ValidationError
        {
            Location = location,
            Message = GetString(item, "msg") ?? string.Empty,
            Type = GetString(item, "type"),
        };
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await ApiConnection.ReadTextAsync(response, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status line already says what failed; a broken error body must not hide it.
            return null;
        }
    }

    /// <summary>Removes the API key from any text that may reach an exception, in case a server or proxy echoes it.</summary>
    public static string? Redact(string? text, string apiKey) =>
        text is null || apiKey.Length == 0 ? text : text.Replace(apiKey, "***");
}
