using System.Diagnostics;
using System.Text;
using DocsExamples;
using Geonode.Scraper.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
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
        // CrawlAndWatch writes its own files into ./pages; the export goes to ./exports/<job id>, a folder of its own: exporting
        // into a folder that holds files the export did not write is refused (the test that caught the README doing that).
        if (Directory.Exists("pages"))
        {
            Directory.Delete("pages", recursive: true);
        }

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
        await ReadmeExamples.ExportCrawl(_client, crawl.JobId);
        Directory.GetFiles(Path.Combine("exports", crawl.JobId, "docs.example.test"), "*.md", SearchOption.AllDirectories).Should().NotBeEmpty();

        fixture.Emulator.CountRequests("POST", "/v1/crawl").Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task OperationAndWorkflowExamples_RunAgainstTheEmulator()
    {
        // Start, then come back from the id: the crawl of a site with failing pages takes the re-run branch.
        var crawlId = await OperationExamples.Start(_client);
        await OperationExamples.ComeBack(_client, crawlId);
        var partial = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.partial.test/", Depth = 3 });   // pages 7, 14, 21, 28 fail
        var reruns = fixture.Emulator.CountRequests("POST", "/v1/batch");
        await OperationExamples.ComeBack(_client, partial.JobId);
        fixture.Emulator.CountRequests("POST", "/v1/batch").Should().Be(reruns + 1, "the crawl's failed pages are re-run as one batch");

        // The same idempotency key twice, on a client with a ledger: one POST.
        using (var ledgered = new ScraperClient(new ScraperClientOptions
        {
            ApiKey = fixture.Emulator.ApiKey,
            BaseAddress = fixture.Emulator.BaseAddress,
            Polling = EmulatorFixture.FastPolling(),
            JobLedger = new InMemoryJobLedger(),
        }))
        {
            var request = new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] };
            var before = fixture.Emulator.CountRequests("POST", "/v1/batch");
            await OperationExamples.StartOnce(ledgered, "42", request);
            await OperationExamples.StartOnce(ledgered, "42", request);
            fixture.Emulator.CountRequests("POST", "/v1/batch").Should().Be(before + 1, "the second start under the key gets the first job");
        }

        var original = new BatchRequest { Urls = ["https://a.example.test/1", "https://b.fail.test/2"] };
        var batch = await _client.StartBatchOperationAsync(original);
        await batch.WaitForCompletionAsync();
        await WorkflowExamples.Receipt(_client, batch.JobId);
        await WorkflowExamples.RerunFailed(_client, batch.JobId, partial.JobId, original);
        await WorkflowExamples.TokenBudget(_client, (await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 })).JobId);
        await WorkflowExamples.ScrapeMany(_client, [.. Enumerable.Range(0, 1_200).Select(i => $"https://many.example.test/{i}")]);
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

            // Delivered after the job ended, on the emulator's own schedule: wait for the first attempt's answer.
            WebhookDelivery? delivered = null;
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (delivered is null)
            {
                await Task.Delay(50, wait.Token);
                var deliveries = await _client.ListWebhookDeliveriesAsync(webhook.Id, cancellationToken: wait.Token);
                delivered = deliveries.Items.FirstOrDefault(d => d.HttpStatus is not null);
            }

            delivered.HttpStatus.Should().Be(204, "the example verified the signature and answered with success");
        }
        finally
        {
            await _client.DeleteWebhookAsync(webhook.Id);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task GettingStarted_BatchAndService()
    {
        var batch = await GettingStartedExamples.Batch(_client);
        batch.CompletedUrls.Should().Be(3);

        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = fixture.Emulator.ApiKey;
            o.BaseAddress = fixture.Emulator.BaseAddress;
        });
        services.AddTransient<PagePreviewer>();
        await using var provider = services.BuildServiceProvider();
        var markdown = await provider.GetRequiredService<PagePreviewer>().PreviewAsync("https://docs.example.test/preview", CancellationToken.None);
        markdown.Should().StartWith("# docs.example.test/preview");
    }

    [Fact]
    public async Task Waiting_TimeoutCancelsTheJob_TheWatchReadsEveryPage()
    {
        var stuck = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://never.stuck.test/" });
        await WaitingExamples.WaitWithTimeout(_client, stuck.JobId, TimeSpan.FromSeconds(3));   // the job never ends: it times out
        (await _client.GetCrawlAsync(stuck.JobId)).Status.Should().Be(JobStatus.Cancelled, "CancelJobOnTimeout cancelled it");

        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://watched.example.test/", Depth = 2 });
        (await WaitingExamples.WatchCrawl(_client, crawl.JobId, CancellationToken.None)).Should().Be(6);

    }

    [Fact]
    public async Task Waiting_ResumeFindsARunningBatchAndReadsItToTheEnd()
    {
        // The emulator runs on a clock the test moves: the batch is processing while it is listed, whatever the machine's speed.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, QueueTime = TimeSpan.FromSeconds(1), PageTime = TimeSpan.FromMinutes(1) });
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, Polling = EmulatorFixture.FastPolling() });
        var running = await client.StartBatchAsync(new BatchRequest { Urls = ["https://r.example.test/1", "https://r.example.test/2", "https://r.example.test/3"] });
        time.Advance(TimeSpan.FromSeconds(2));

        var resume = WaitingExamples.ResumeRunningBatches(client);
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            while (emulator.CountRequests("GET", "/v1/batch/" + running.JobId) == 0)
            {
                await Task.Delay(20, limit.Token);   // until the watch of the listed batch has started
            }
        }

        while (!resume.IsCompleted)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(resume, Task.Delay(50));
        }

        (await resume).Should().Be(3);
        (await client.GetBatchAsync(running.JobId)).Status.Should().Be(JobStatus.Completed, "the watch ended when the batch had ended");
    }

    [Fact]
    public async Task Errors_ALostPostIsFoundNotResent_RetryAfterIsHonoured_StandardHandlerDoesNotMultiplyRetries()
    {
        var posts = fixture.Emulator.CountRequests("POST", "/v1/batch");
        fixture.Emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);
        var urls = Enumerable.Range(1, 7).Select(i => $"https://lost.example.test/{i}").ToList();
        var jobId = await ErrorExamples.StartBatchOnceAsync(_client, new BatchRequest { Urls = urls });
        fixture.Emulator.CountRequests("POST", "/v1/batch").Should().Be(posts + 1, "the batch whose answer was lost is found, not started again");
        (await _client.GetBatchAsync(jobId)).TotalUrls.Should().Be(7);

        using var patient = new ScraperClient(new ScraperClientOptions { ApiKey = fixture.Emulator.ApiKey, BaseAddress = fixture.Emulator.BaseAddress, Retry = { MaxRetryAfter = TimeSpan.FromSeconds(1) } });
        fixture.Emulator.Faults.FailNext("GET /v1/usage", 429, retryAfter: TimeSpan.FromSeconds(2));
        var usage = await ErrorExamples.GetUsageHonouringRetryAfterAsync(patient, CancellationToken.None);
        usage.Should().NotBeNull();

        var services = new ServiceCollection();
        ResilienceExample.AddWithCircuitBreaker(services, o =>
        {
            o.ApiKey = fixture.Emulator.ApiKey;
            o.BaseAddress = fixture.Emulator.BaseAddress;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
        });
        await using var provider = services.BuildServiceProvider();
        var statistics = fixture.Emulator.CountRequests("GET", "/v1/statistics");
        fixture.Emulator.Faults.FailNext("GET /v1/statistics", 503);
        await provider.GetRequiredService<IScraperClient>().GetStatisticsAsync();
        fixture.Emulator.CountRequests("GET", "/v1/statistics").Should().Be(statistics + 2, "one retry by the SDK, none nested in the handler");
    }

    [Fact]
    public void WebhookVerification_AcceptsEitherSecretWithinTheTolerance()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var body = Encoding.UTF8.GetBytes("""{"event":"crawl_completed","webhook_id":"wh_1","delivery_id":"dl_1","timestamp":"2026-12-02T08:00:00Z","data":{"job_id":"job_1"}}""");
        var signedWithOld = WebhookSignature.Compute("whsec_old", body);

        WebhookVerificationExample.Verify(body, signedWithOld, "whsec_new", "whsec_old", clock)!.JobId.Should().Be("job_1");
        WebhookVerificationExample.Verify(body, WebhookSignature.Compute("whsec_other", body), "whsec_new", "whsec_old", clock).Should().BeNull();
        clock.Advance(TimeSpan.FromMinutes(11));
        WebhookVerificationExample.Verify(body, signedWithOld, "whsec_new", "whsec_old", clock).Should().BeNull("a replay outside the tolerance");
    }

    [Fact]
    public async Task ExperimentalExample_ASignalWakesAWaitThatWouldOtherwisePollEveryTwoMinutes()
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = fixture.Emulator.ApiKey;
            o.BaseAddress = fixture.Emulator.BaseAddress;
        });
        ExperimentalExample.OptIn(services);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();
        var signal = provider.GetRequiredService<IJobCompletionSignal>();

        var accepted = await client.StartExtractAsync(new ExtractRequest { Url = "https://signalled.example.test/" });
        var wait = client.WaitForExtractJobAsync(accepted.JobId);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!wait.IsCompleted)
        {
            await signal.NotifyAsync(accepted.JobId);   // what a webhook receiver does when a delivery says the job completed
            await Task.WhenAny(wait, Task.Delay(100, limit.Token));
        }

        (await wait).Status.Should().Be(JobStatus.Completed);
    }

    private string[] EmulatorArgs() =>
        [$"--GeonodeScraper:ApiKey={fixture.Emulator.ApiKey}", $"--GeonodeScraper:BaseAddress={fixture.Emulator.BaseAddress}"];
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>The getting-started example reads the environment: it runs alone, with the variables pointing at the emulator.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class DocsEnvironmentExamplesTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task GettingStarted_FirstPage_ReadsTheKeyAndAddressFromTheEnvironment()
    {
        var key = Environment.GetEnvironmentVariable("GEONODE_SCRAPER_API_KEY");
        var address = Environment.GetEnvironmentVariable("SCRAPER_API_BASE_URL");
        Environment.SetEnvironmentVariable("GEONODE_SCRAPER_API_KEY", fixture.Emulator.ApiKey);
        Environment.SetEnvironmentVariable("SCRAPER_API_BASE_URL", fixture.Emulator.BaseAddress.ToString());
        try
        {
            (await GettingStartedExamples.FirstPage()).Should().StartWith("# example.com");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GEONODE_SCRAPER_API_KEY", key);
            Environment.SetEnvironmentVariable("SCRAPER_API_BASE_URL", address);
        }
    }
}
