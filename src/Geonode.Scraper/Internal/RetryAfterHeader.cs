namespace Geonode.Scraper.Internal;

internal static class RetryAfterHeader
{
    /// <summary>Reads <c>Retry-After</c> in either form (delta-seconds or HTTP date), never negative.</summary>
    public static TimeSpan? Get(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? value = header.Delta ?? (header.Date - timeProvider.GetUtcNow());
        return value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }
}
