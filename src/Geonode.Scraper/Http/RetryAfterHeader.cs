using System.Globalization;
using System.Net.Http.Headers;

namespace Geonode.Scraper.Internal;

internal static class RetryAfterHeader
{
    /// <summary>
    /// Reads <c>Retry-After</c> as the server meant it: delta-seconds (a negative number counts as zero), or an HTTP date
    /// measured against the response's own <c>Date</c> header (the server's clock; the local clock only when there is no
    /// <c>Date</c>), never negative. Anything else is garbage and yields <see langword="null"/>, so the caller's own backoff
    /// applies.
    /// </summary>
    public static TimeSpan? Get(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (!response.Headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var raw = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            // Far beyond any cap the SDK applies; keeps the arithmetic of callers away from overflow.
            return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(3650).TotalSeconds));
        }

        if (RetryConditionHeaderValue.TryParse(raw, out var parsed) && parsed.Date is { } date)
        {
            var reference = response.Headers.Date ?? timeProvider.GetUtcNow();
            var wait = date - reference;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
