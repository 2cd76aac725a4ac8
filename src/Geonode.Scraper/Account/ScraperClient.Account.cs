using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public Task<UsageInfo> GetUsageAsync(CancellationToken cancellationToken = default) =>
        GetAsync("v1/usage", "/v1/usage", ScraperJsonContext.Default.UsageInfo, null, cancellationToken);

    /// <inheritdoc/>
    public Task<Statistics> GetStatisticsAsync(DateTimeOffset? startDate = null, DateTimeOffset? endDate = null, CancellationToken cancellationToken = default)
    {
        if (startDate > endDate)
        {
            throw new ArgumentException($"startDate ({startDate:O}) is after endDate ({endDate:O}).", nameof(startDate));
        }

        var path = "v1/statistics" + new QueryString().Add("start_date", startDate).Add("end_date", endDate);
        return GetAsync(path, "/v1/statistics", ScraperJsonContext.Default.Statistics, null, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Api.GetHealthAsync(new ApiCall(HttpMethod.Get, "health", "/health"), cancellationToken);
}
