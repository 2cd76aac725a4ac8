using System.Net;

namespace Geonode.Scraper.Internal;

/// <summary>
/// What counts as transient — worth another attempt later — for the retries of the connection and for the polls of a wait
/// alike: 408, 429, 500, 502, 503 and 504 answers, network errors, attempt timeouts, and bodies cut short or unreadable.
/// Whether a failure may be retried at once is a second question (a POST is never sent again once the server may have
/// received it: <see cref="ScraperResilience"/>); this class only says what kind of failure it is.
/// </summary>
internal static class Transient
{
    /// <summary>The HTTP statuses that say "try again later".</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Whether a failed call (as the connection throws it) is transient.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ScraperApiException api => IsTransientStatus(api.StatusCode),
        ScraperResponseException => true,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    /// <summary>A short reason for logs: the status and error code, or the kind of failure.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ScraperApiException api => $"HTTP {(int)api.StatusCode}{(api.ErrorCode is null ? string.Empty : " " + api.ErrorCode)}",
        ScraperResponseException => "unreadable response",
        TimeoutException => "attempt timeout",
        _ => exception.GetType().Name,
    };
}
