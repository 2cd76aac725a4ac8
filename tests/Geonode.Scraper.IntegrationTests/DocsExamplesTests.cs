using System.Diagnostics;
using DocsExamples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// Runs the compiled examples of README.md and docs/ (samples/Geonode.Scraper.Samples/Docs) against the emulator, so that
/// what a reader copies not only compiles but works. Examples that call the real service (a literal API key) are compiled
/// only.
/// </summary>
public sealed class DocsExamplesTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    [Fact]
    public async Task ReadmeExamples_RunAgainstTheEmulator()
    {
        await ReadmeExamples.ExtractSync(_client);
        await ReadmeExamples.ExtractAsyncMode(_client);
        await ReadmeExamples.BatchStartAndRead(_client);
        await ReadmeExamples.CrawlAndWatch(_client);
        await ReadmeExamples.ListJobs(_client);
        await ReadmeExamples.MapAndSearch(_client);
        await ReadmeExamples.Account(_client);
        await ReadmeExamples.HandleErrors(_client);
        await ReadmeExamples.ManageWebhooks(_client);

        var batch = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });
        await ReadmeExamples.WaitForBatch(_client, batch.JobId);
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        await ReadmeExamples.WaitForCrawl(_client, crawl.JobId);

        fixture.Emulator.CountRequests("POST", "/v1/crawl").Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task ConfigurationExample_StartsAHostWhoseClientWorks()
    {
        var builder = ConfigurationExample.CreateBuilder(EmulatorArgs());
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        await host.StartAsync();

        var page = await host.Services.GetRequiredService<IScraperClient>().ExtractAsync(new ExtractRequest { Url = "https://docs.example.test/config" });

        page.Data.Markdown.Should().StartWith("# docs.example.test/config");
        await host.StopAsync();
    }

    [Fact]
    public void DependencyInjectionExample_RegistersTheClient()
    {
        var services = new ServiceCollection();
        DependencyInjectionExample.RegisterInCode(services);
        services.Should().Contain(d => d.ServiceType == typeof(IScraperClient));
    }

    [Fact]
    public async Task OpenTelemetryExample_ExportsTheSdksSpansAndMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var builder = OpenTelemetryExample.CreateBuilder(EmulatorArgs());
        builder.Logging.ClearProviders();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IScraperClient>();

        var accepted = await client.StartExtractAsync(new ExtractRequest { Url = "https://otel.example.test/" });
        await client.WaitForExtractJobAsync(accepted.JobId, EmulatorFixture.FastPolling());
        host.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();
        await host.StopAsync();

        List<Activity> mine;
        lock (spans)
        {
            mine = spans.Where(s => s.DisplayName == "wait for job" ? Equals(s.GetTagItem("geonode.job.id"), accepted.JobId) : Equals(s.GetTagItem("geonode.resource.id"), accepted.JobId) || s.DisplayName == "POST /v1/extract").ToList();
        }

        mine.Select(s => s.DisplayName).Should().Contain(["POST /v1/extract", "GET /v1/extract/{job_id}", "wait for job"]);
        metrics.Select(m => m.Name).Should().Contain(["geonode.scraper.requests", "geonode.scraper.polls", "geonode.scraper.job.wait"]);
    }

    [Fact]
    public async Task WebhookReceiverExample_AcceptsTheEmulatorsSignedDelivery()
    {
        var webhook = await _client.CreateWebhookAsync(new WebhookCreateRequest { Url = "http://127.0.0.1:9/not-yet", EventType = WebhookEventType.CrawlCompleted });
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        WebhookReceiverExample.WebhookReceiver(app, webhook.Secret!, previousSecret: null);
        await app.StartAsync();
        try
        {
            await _client.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { Url = app.Urls.First().TrimEnd('/') + "/hooks/geonode" });
            var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://hooked.example.test/", Depth = 1 });
            await _client.WaitForCrawlAsync(crawl.JobId, EmulatorFixture.FastPolling());

            WebhookDelivery? delivered = null;
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (delivered is null)
            {
                await Task.Delay(50, wait.Token);
                var deliveries = await _client.ListWebhookDeliveriesAsync(webhook.Id, cancellationToken: wait.Token);
                delivered = deliveries.Items.FirstOrDefault();
            }

            delivered.HttpStatus.Should().Be(204, "the example verified the signature and answered with success");
        }
        finally
        {
            await _client.DeleteWebhookAsync(webhook.Id);
            await app.StopAsync();
        }
    }

    private string[] EmulatorArgs() =>
        [$"--GeonodeScraper:ApiKey={fixture.Emulator.ApiKey}", $"--GeonodeScraper:BaseAddress={fixture.Emulator.BaseAddress}"];
}
