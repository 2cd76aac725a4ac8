using System.Globalization;
using System.Net;
using System.Text;
using Geonode.Scraper.Emulator;
using Xunit.Abstractions;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// Issue 15, item 4: "delivered or not" is judged by the request, over real sockets, where <c>SocketsHttpHandler</c> itself
/// sends a bodiless request again when the connection closes before any answer (a mocked handler never shows that). The
/// emulator does the faults it can (a drop after it acted, a 5xx before it acted); <see cref="ScriptedSocketServer"/> does
/// "read the request, close" and "act, then answer 500".
/// </summary>
public sealed class DeliveryTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string JobId = "5c1e9f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
    private const string WebhookId = "0b6f3c1e-2d4a-4e5b-9c8d-7e6f5a4b3c2d";
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-delivery-").FullName;
    private ScraperEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(30), PageTime = TimeSpan.FromMilliseconds(10), SlowFactor = 100_000 });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The premise, measured: the handler re-sends a request without a body by itself, never one with a body.</summary>
    [Fact]
    public async Task SocketsHttpHandler_ServerReadsAndCloses_ResendsBodilessRequestsOnly()
    {
        await using var server = new ScriptedSocketServer(_ => null);
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress };

        async Task<int> SendsOf(HttpMethod method, string path, HttpContent? content)
        {
            var before = server.Requests.Count;
            using var request = new HttpRequestMessage(method, path) { Content = content };
            await FluentActions.Awaiting(() => http.SendAsync(request)).Should().ThrowAsync<HttpRequestException>();
            return server.Requests.Count - before;
        }

        var delete = await SendsOf(HttpMethod.Delete, "/v1/webhooks/" + WebhookId, null);
        var bodilessPost = await SendsOf(HttpMethod.Post, $"/v1/webhooks/{WebhookId}/rotate-secret", null);
        var emptyObjectPost = await SendsOf(HttpMethod.Post, $"/v1/webhooks/{WebhookId}/rotate-secret", new StringContent("{}", Encoding.UTF8, "application/json"));
        var jsonPost = await SendsOf(HttpMethod.Post, "/v1/batch", new StringContent("""{"urls":["https://a.example.test/"]}""", Encoding.UTF8, "application/json"));
        output.WriteLine($"sends per call: DELETE {delete}, POST without a body {bodilessPost}, POST with {{}} {emptyObjectPost}, POST with a JSON body {jsonPost}");

        delete.Should().BeGreaterThan(1, "the handler re-sends a bodiless DELETE when the connection closes before any answer");
        bodilessPost.Should().BeGreaterThan(1, "the handler re-sends a bodiless POST as well");
        emptyObjectPost.Should().Be(1, "a request with a body is never re-sent by the handler");
        jsonPost.Should().Be(1);
    }

    [Fact]
    public async Task RotateWebhookSecretAsync_ServerReadsAndCloses_ReachesTheServerOnce()
    {
        await using var server = new ScriptedSocketServer(_ => null);
        using var client = new ScraperClient(Options(server.BaseAddress));

        await FluentActions.Awaiting(() => client.RotateWebhookSecretAsync(WebhookId)).Should().ThrowAsync<HttpRequestException>();

        var sent = server.Requests.Should().ContainSingle("a rotation whose answer is lost may have rotated the secret: it must not be sent again, by any layer").Subject;
        sent.Should().Be(new RawRequest("POST", $"/v1/webhooks/{WebhookId}/rotate-secret", "{}"));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("crawl")]
    public async Task CancelAsync_AnswerLostAfterTheJobWasCancelled_HandlersResendHears409_ReportsCancelled(string kind)
    {
        using var client = new ScraperClient(Options(_emulator.BaseAddress));
        var slow = "https://www.slow.test/";   // pages that take far longer than the test: the job is running when cancelled
        string jobId;
        Func<Task<JobStatus>> cancel;
        if (kind == "batch")
        {
            jobId = (await client.StartBatchAsync(new BatchRequest { Urls = [slow + "1", slow + "2"] })).JobId;
            cancel = async () => (await client.CancelBatchAsync(jobId)).Status;
        }
        else
        {
            var crawl = await client.StartCrawlOperationAsync(new CrawlRequest { Url = slow });
            jobId = crawl.JobId;
            cancel = async () => (await crawl.CancelAsync()).Status;
        }

        _emulator.Faults.DropNext($"DELETE /v1/{kind}/*", afterProcessing: true);

        var status = await cancel();

        status.Should().Be(JobStatus.Cancelled);
        _emulator.CreatedJobs.Single().Status.Should().Be("cancelled");
        var afterStart = _emulator.Requests.Where(r => r.Method != "POST").Select(r => $"{r.Method} {r.StatusCode}").ToList();
        afterStart.Should().Equal(["DELETE 0", "DELETE 409", "GET 200"], "the cancel is dropped after it acted, the handler sends it again and hears 409, and one read says cancelled");
    }

    [Fact]
    public async Task CancelBatchAsync_JobAlreadyCompleted_ReadsOnceThenThrowsConflict()
    {
        using var client = new ScraperClient(Options(_emulator.BaseAddress));
        var batch = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1"] });
        await client.WaitForBatchAsync(batch.JobId);
        var before = _emulator.Requests.Count;

        await FluentActions.Awaiting(() => client.CancelBatchAsync(batch.JobId)).Should().ThrowAsync<ScraperConflictException>();

        _emulator.Requests.Skip(before).Select(r => $"{r.Method} {r.StatusCode}").Should().Equal("DELETE 409", "GET 200");
    }

    [Fact]
    public async Task DeleteWebhookAsync_AnswerLostAfterTheDelete_HandlersResendHears404_ReturnsFalseWithoutThrowing()
    {
        using var client = new ScraperClient(Options(_emulator.BaseAddress));
        var webhook = await client.CreateWebhookAsync(new WebhookCreateRequest { Url = "http://127.0.0.1:9/hooks", EventType = WebhookEventType.CrawlCompleted });
        _emulator.Faults.DropNext("DELETE /v1/webhooks/*", afterProcessing: true);

        var deleted = await client.DeleteWebhookAsync(webhook.Id);

        deleted.Should().BeFalse("the send that deleted it lost its answer; the re-send found it gone");
        (await client.ListWebhooksAsync()).Items.Should().BeEmpty();
        _emulator.Requests.Where(r => r.Method == "DELETE").Select(r => r.StatusCode).Should().Equal(0, 404);
    }

    [Fact]
    public async Task StartBatchAsync_Answered500AfterTheServerCreatedTheJob_WithAFileLedger_FindsItOnTheJobList_WithoutASecondPost()
    {
        var created = DateTimeOffset.UtcNow;
        string Summary(string id, int urls, DateTimeOffset at) =>
            $$"""{"job_id":"{{id}}","status":"queued","accepted_urls":{{urls}},"completed_urls":0,"failed_urls":0,"created_at":"{{at.ToString("O", CultureInfo.InvariantCulture)}}","completed_at":null}""";
        await using var server = new ScriptedSocketServer(r => (r.Method, r.Target) switch
        {
            ("POST", "/v1/batch") => ScriptedSocketServer.Json(500, """{"code":"INTERNAL_ERROR","message":"Something went wrong","correlation_id":"c1","retryable":true}"""),
            ("GET", var t) when t.StartsWith("/v1/batch/jobs?", StringComparison.Ordinal) => ScriptedSocketServer.Json(
                200,
                $$"""{"jobs":[{{Summary(JobId, 2, created)}},{{Summary("7a1e9f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6", 3, created)}},{{Summary("8b1e9f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6", 2, created.AddHours(-1))}}],"page":1,"page_size":100,"page_count":1}"""),
            _ => null,
        });
        var ledger = new FileJobLedger(Path.Combine(_folder, ".geonode-jobs.jsonl"));
        var options = Options(server.BaseAddress);
        options.JobLedger = ledger;
        using var client = new ScraperClient(options);

        var accepted = await client.StartBatchAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });

        accepted.JobId.Should().Be(JobId, "the one job of 2 URLs created since the request was recorded");
        server.Count("POST", "/v1/batch").Should().Be(1, "a 5xx says nothing about whether the job was created: the POST is never sent again");
        server.Requests.Select(r => r.Method + " " + r.Target).Should().Equal("POST /v1/batch", "GET /v1/batch/jobs?page=1&page_size=100");
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be(JobId);
    }

    [Fact]
    public async Task StartCrawlOperationAsync_Answered503AndNoJobOnTheList_WithALedger_ThrowsUnknownOutcome_AfterOnePost()
    {
        var ledger = new InMemoryJobLedger();
        var options = Options(_emulator.BaseAddress);
        options.JobLedger = ledger;
        using var client = new ScraperClient(options);
        _emulator.Faults.FailNext("POST /v1/crawl", 503);

        var ex = (await FluentActions.Awaiting(() => client.StartCrawlOperationAsync(new CrawlRequest { Url = "https://docs.example.test/" }))
            .Should().ThrowAsync<ScraperUnknownOutcomeException>()).Which;

        ex.Candidates.Should().BeEmpty();
        ex.InnerException.Should().BeAssignableTo<ScraperApiException>().Which.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        _emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
        _emulator.CountRequests("GET", "/v1/crawl/jobs").Should().Be(1, "the job is looked for exactly as after a lost answer");
        _emulator.CreatedJobs.Should().BeEmpty();
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().BeNull("its outcome is still unknown");
    }

    [Fact]
    public async Task StartCrawlOperationAsync_ConnectionDroppedAfterTheServerActed_WithALedger_ReturnsThatJob_AfterOnePost()
    {
        var ledger = new InMemoryJobLedger();
        var options = Options(_emulator.BaseAddress);
        options.JobLedger = ledger;
        using var client = new ScraperClient(options);
        _emulator.Faults.DropNext("POST /v1/crawl", afterProcessing: true);

        var crawl = await client.StartCrawlOperationAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });

        crawl.JobId.Should().Be(_emulator.CreatedJobs.Should().ContainSingle().Subject.Id);
        _emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be(crawl.JobId);
        (await crawl.WaitForCompletionAsync()).Status.Should().Be(JobStatus.Completed);
    }

    private static ScraperClientOptions Options(Uri baseAddress) => new()
    {
        ApiKey = "emulator-key",
        BaseAddress = baseAddress,
        Polling = EmulatorFixture.FastPolling(),
        AttemptTimeout = TimeSpan.FromSeconds(20),
        Retry = { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) },
    };
}
