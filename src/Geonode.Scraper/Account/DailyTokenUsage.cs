namespace Geonode.Scraper;

/// <summary>The requests used on one day.</summary>
public sealed record DailyTokenUsage
{
    /// <summary>Gets the day.</summary>
    public DateTimeOffset Date { get; init; }

    /// <summary>Gets the requests used.</summary>
    public int TokensUsed { get; init; }
}
