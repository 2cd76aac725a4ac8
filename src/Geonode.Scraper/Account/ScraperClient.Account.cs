using System.Text.Json;
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
    public async Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        // 2xx is healthy and 5xx (after retries) unhealthy; other statuses throw as usual.
        var result = await Api.SendAsync(
            new ApiCall(HttpMethod.Get, "health", "/health"),
            async (response, ct) => (response.StatusCode, Body: await ApiConnection.ReadTextAsync(response, 4096, ct).ConfigureAwait(false)),
            static r => r.IsSuccessStatusCode || (int)r.StatusCode >= 500,
            cancellationToken).ConfigureAwait(false);

        var (status, body) = result.Value;
        string? statusField = null;
        try
        {
            using var doc = JsonDocument.Parse(body ?? string.Empty);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String)
            {
                statusField = s.GetString();
            }
        }
        catch (JsonException)
        {
            // The body's shape is not documented; a plain-text "OK" is as healthy as JSON.
        }

        return new HealthStatus
        {
            IsHealthy = (int)status is >= 200 and < 300,
            StatusCode = status,
            Status = statusField,
            RawBody = string.IsNullOrEmpty(body) ? null : ErrorMapper.Redact(body, _options.ApiKey),
        };
    }
}
