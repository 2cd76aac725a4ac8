namespace Geonode.Scraper.Internal;

/// <summary>A parsed response body with the response metadata the poller needs, and the server's clock (<c>Date</c>).</summary>
internal readonly record struct ApiResponse<T>(T Value, TimeSpan? RetryAfter, DateTimeOffset? Date = null);
