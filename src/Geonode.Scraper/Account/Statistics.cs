namespace Geonode.Scraper;

/// <summary>Aggregate statistics for a period (<c>GET /v1/statistics</c>).</summary>
public sealed record Statistics
{
    /// <summary>Gets the number of extractions in the period.</summary>
    public int ExtractionCount { get; init; }

    /// <summary>Gets the number of extractions in the period before.</summary>
    public int PreviousPeriodExtractionCount { get; init; }

    /// <summary>Gets the share of successful extractions, 0 to 1.</summary>
    public double SuccessRate { get; init; }

    /// <summary>Gets the mean extraction time, in milliseconds.</summary>
    public double AverageExtractionDuration { get; init; }

    /// <summary>Gets the requests used in the period.</summary>
    public int PeriodTokensUsed { get; init; }

    /// <summary>Gets the successful and failed requests per day.</summary>
    public IReadOnlyList<DailyRequestCount> Requests { get; init => field = value ?? []; } = [];

    /// <summary>Gets the requests used per day.</summary>
    public IReadOnlyList<DailyTokenUsage> TokensUsed { get; init => field = value ?? []; } = [];
}
