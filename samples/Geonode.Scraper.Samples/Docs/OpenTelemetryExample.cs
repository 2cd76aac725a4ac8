#region usings
using Geonode.Scraper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
#endregion

namespace DocsExamples;

/// <summary>The README's OpenTelemetry setup (package OpenTelemetry.Extensions.Hosting); returned so that a test can add an
/// in-memory exporter and start it.</summary>
public static class OpenTelemetryExample
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        #region opentelemetry
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"));
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("Geonode.Scraper"))   // a span per API call and one per wait
            .WithMetrics(metrics => metrics.AddMeter("Geonode.Scraper"));  // requests, retries, polls, wait durations
        // Then an exporter on each, for example .AddOtlpExporter() from OpenTelemetry.Exporter.OpenTelemetryProtocol.
        #endregion
        return builder;
    }
}
