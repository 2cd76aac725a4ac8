using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Extract;

public sealed class ExtractTests
{
    private const string JobId = "4844831a-a222-4cac-b5e6-7e3f2dd07b48";

    [Fact]
    public async Task ExtractAsync_SyncMode_PostsEveryFieldAndMapsTheDocumentedResponse()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json("""
            { "data": { "markdown": "# Catalog", "html": "<html>...</html>", "links": ["https://shop.example.org/item/17"] },
              "metadata": { "url": "https://shop.example.org/catalog?page=3", "render_js": true, "http_status": 200, "duration_ms": 2140, "retry_count": 0,
                "formats": ["markdown", "html"], "processing_mode": "sync", "proxy": { "country": "DE", "type": "datacenter" } },
              "tokens_charged": 1 }
            """));

        var result = await t.Client.ExtractAsync(new ExtractRequest
        {
            Url = "https://shop.example.org/catalog?page=3",
            Formats = [OutputFormat.Markdown, OutputFormat.Html],
            RenderJs = true,
            ProcessingMode = ProcessingMode.Sync,
            ExtractLinks = true,
            Proxy = new ProxySettings { Country = "DE", Type = ProxyType.Datacenter },
            Headers = new Dictionary<string, string> { ["Accept-Language"] = "de-DE,de;q=0.8" },
            WaitConfig = new WaitConfig { WaitUntil = WaitUntil.Load, WaitFor = "#product-grid", WaitTimeout = 15000 },
        });

        var sent = t.Requests.Should().ContainSingle().Subject;
        sent.Method.Should().Be(HttpMethod.Post);
        sent.Uri.Should().Be(new Uri("https://api.test/v1/extract"));
        sent.Headers["X-Api-Key"].Should().Be(TestClient.ApiKey);
        sent.Headers["User-Agent"].Should().StartWith("geonode-dotnet-sdk/");
        sent.Headers["Accept"].Should().Be("application/json");
        JsonAssert.Equivalent(sent.Body, """
            { "url": "https://shop.example.org/catalog?page=3", "formats": ["markdown", "html"], "render_js": true, "processing_mode": "sync",
              "extract_links": true, "proxy": { "country": "DE", "type": "datacenter" }, "headers": { "Accept-Language": "de-DE,de;q=0.8" },
              "wait_config": { "wait_until": "load", "wait_for": "#product-grid", "wait_timeout": 15000 } }
            """);

        result.Data.Markdown.Should().Be("# Catalog");
        result.Data.Html.Should().Be("<html>...</html>");
        result.Data.Links.Should().Equal("https://shop.example.org/item/17");
        result.TokensCharged.Should().Be(1);
        result.JobId.Should().BeNull();
        result.Metadata.Should().BeEquivalentTo(new ExtractMetadata
        {
            Url = "https://shop.example.org/catalog?page=3",
            RenderJs = true,
            HttpStatus = 200,
            DurationMs = 2140,
            RetryCount = 0,
            Formats = [OutputFormat.Markdown, OutputFormat.Html],
            ProcessingMode = ProcessingMode.Sync,
            Proxy = new ProxySettings { Country = "DE", Type = ProxyType.Datacenter },
        });
    }

    [Fact]
    public async Task StartExtractAsync_SendsTheDocumentedAsyncRequestAndMapsTheAcceptance()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json(TestClient.Fixture("extract-accepted.json"), HttpStatusCode.Accepted));

        var accepted = await t.Client.StartExtractAsync(new ExtractRequest
        {
            Url = "https://docs.python.org/3/library/json.html",
            Formats = [OutputFormat.Markdown],
        });

        JsonAssert.Equivalent(t.Requests.Single().Body, TestClient.Fixture("extract-request-async.json"));
        accepted.JobId.Should().Be(JobId);
        accepted.Status.Should().Be(JobStatus.Queued);
        accepted.StatusUrl.Should().Be("/v1/extract/" + JobId);
        accepted.EstimatedTokens.Should().Be(1);
    }

    [Fact]
    public async Task GetExtractJobAsync_MapsTheProcessingAndCompletedFixtures()
    {
        using var t = new TestClient();
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/" + JobId,
            TestClient.Json(TestClient.Fixture("extract-job-processing.json")),
            TestClient.Json(TestClient.Fixture("extract-job-completed.json")));

        var processing = await t.Client.GetExtractJobAsync(JobId);
        processing.Status.Should().Be(JobStatus.Processing);
        processing.Status.IsTerminal.Should().BeFalse();
        processing.CompletedAt.Should().BeNull();
        processing.Data.Should().BeNull();
        processing.Metadata.Should().BeNull();
        processing.Error.Should().BeNull();
        processing.TokensCharged.Should().BeNull();

        var completed = await t.Client.GetExtractJobAsync(JobId);
        completed.Should().BeEquivalentTo(new ExtractJob
        {
            JobId = JobId,
            Status = JobStatus.Completed,
            CreatedAt = DateTimeOffset.Parse("2026-05-26T10:30:00Z"),
            CompletedAt = DateTimeOffset.Parse("2026-05-26T10:30:04Z"),
            Data = new PageContent { Markdown = "# Example Page Content" },
            Metadata = new ExtractMetadata
            {
                Url = "https://docs.python.org/3/library/json.html",
                RenderJs = false,
                HttpStatus = 200,
                DurationMs = 631,
                Formats = [OutputFormat.Markdown],
                ProcessingMode = ProcessingMode.Async,
            },
            TokensCharged = 1,
        });
    }

    [Fact]
    public async Task GetExtractJobAsync_FailedJob_MapsTheJobLevelError()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1", TestClient.Json("""
            { "job_id": "j1", "status": "failed", "created_at": "2026-09-01T12:00:00Z", "completed_at": "2026-09-01T12:00:09Z",
              "data": null, "metadata": null, "tokens_charged": 0,
              "error": { "code": "RATE_LIMITED", "message": "target throttled the request", "retryable": true, "details": { "host": "shop.example.org" } } }
            """));

        var job = await t.Client.GetExtractJobAsync("j1");

        job.Error.Should().BeEquivalentTo(new JobError
        {
            Code = "RATE_LIMITED",
            Message = "target throttled the request",
            Retryable = true,
            Details = new Dictionary<string, string> { ["host"] = "shop.example.org" },
        });
        job.TokensCharged.Should().Be(0);
    }

    [Fact]
    public async Task ExtractAsync_AsyncMode_StartsTheJobWaitsAndReturnsItsContent()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json(TestClient.Fixture("extract-accepted.json"), HttpStatusCode.Accepted));
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/" + JobId,
            TestClient.Json(TestClient.Fixture("extract-job-processing.json")),
            TestClient.Json(TestClient.Fixture("extract-job-completed.json")));

        var result = await t.Run(t.Client.ExtractAsync(new ExtractRequest { Url = "https://docs.python.org/3/library/json.html", ProcessingMode = ProcessingMode.Async }));

        result.JobId.Should().Be(JobId);
        result.Data.Markdown.Should().Be("# Example Page Content");
        result.TokensCharged.Should().Be(1);
        t.Requests.Select(r => r.Method.Method).Should().Equal("POST", "GET", "GET");
        t.Requests[0].Body.Should().Contain("\"processing_mode\":\"async\"");
        // The first poll of a job just started comes after InitialDelay; the next by the typical durations (DurationPrior).
        t.Time.Delays.Should().HaveCount(2);
        t.Time.Delays[0].Should().Be(TimeSpan.FromSeconds(1));
        t.Time.Delays[1].Should().BeGreaterThan(TimeSpan.FromSeconds(1)).And.BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ExtractAsync_SyncExtractionFailure_ThrowsExtractionFailedWithServerFields()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Status(HttpStatusCode.UnprocessableEntity,
            """{ "code": "TARGET_UNREACHABLE", "message": "The page could not be fetched", "correlation_id": "c-42", "retryable": true }"""));

        var act = () => t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/" });

        var ex = (await act.Should().ThrowAsync<ExtractionFailedException>()).Which;
        ex.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        ex.ErrorCode.Should().Be("TARGET_UNREACHABLE");
        ex.ServerMessage.Should().Be("The page could not be fetched");
        ex.CorrelationId.Should().Be("c-42");
        ex.IsRetryable.Should().BeTrue();
        ex.Message.Should().Contain("TARGET_UNREACHABLE").And.Contain("The page could not be fetched").And.Contain("c-42");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.org/file")]
    [InlineData("example.org")]
    public async Task ExtractAsync_NotAnAbsoluteHttpUrl_ThrowsArgumentExceptionBeforeAnyRequest(string url)
    {
        using var t = new TestClient();

        var act = () => t.Client.ExtractAsync(new ExtractRequest { Url = url });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("request");
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ExtractAsync_HeadersCarryTheApiKey_ThrowsBeforeAnyRequest()
    {
        using var t = new TestClient();

        var act = () => t.Client.ExtractAsync(new ExtractRequest
        {
            Url = "https://example.org/",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestClient.ApiKey },
        });

        var ex = (await act.Should().ThrowAsync<ArgumentException>()).Which;
        ex.Message.Should().NotContain(TestClient.ApiKey);
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ExtractAsync_NullRequest_ThrowsArgumentNullException()
    {
        using var t = new TestClient();
        var act = () => t.Client.ExtractAsync(null!);
        (await act.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("request");
    }
}
