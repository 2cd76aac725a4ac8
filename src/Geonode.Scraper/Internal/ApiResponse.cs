namespace Geonode.Scraper.Internal;

/// <summary>A parsed response body with the response metadata the poller needs.</summary>
internal readonly record struct ApiResponse<T>(T Value, TimeSpan? RetryAfter);
