namespace Geonode.Scraper;

/// <summary>The requests charged and reserved for a batch or crawl job (<c>token_summary</c>); one token is one request.</summary>
public sealed record TokenSummary
{
    /// <summary>Gets the number of requests charged so far.</summary>
    public int TokensChargedTotal { get; init; }

    /// <summary>Gets the number of requests still reserved for work not done yet.</summary>
    public int TokensReserved { get; init; }
}
