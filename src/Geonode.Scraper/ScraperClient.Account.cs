using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <inheritdoc/>
    public Task<UsageInfo> GetUsageAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync("v1/usage", ScraperJsonContext.Default.UsageInfo, cancellationToken);

    /// <inheritdoc/>
    public Task<Statistics> GetStatisticsAsync(DateTimeOffset? startDate = null, DateTimeOffset? endDate = null, CancellationToken cancellationToken = default)
    {
        if (startDate > endDate)
        {
            throw new ArgumentException($"startDate ({startDate:O}) is after endDate ({endDate:O}).", nameof(startDate));
        }

        var path = "v1/statistics" + new QueryString().Add("start_date", startDate).Add("end_date", endDate);
        return _api.GetAsync(path, ScraperJsonContext.Default.Statistics, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        _api.GetHealthAsync("health", cancellationToken);
}
