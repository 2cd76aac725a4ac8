namespace Geonode.Scraper;

/// <summary>The successful and failed requests of one day.</summary>
public sealed record DailyRequestCount
{
    /// <summary>Gets the day.</summary>
    public DateTimeOffset Date { get; init; }

    /// <summary>Gets the successful requests.</summary>
    public int SuccessRequestCount { get; init; }

    /// <summary>Gets the failed requests.</summary>
    public int FailedRequestCount { get; init; }
}
