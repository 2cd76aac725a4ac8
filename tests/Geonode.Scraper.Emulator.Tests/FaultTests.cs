using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The fault controls, in code and over HTTP.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task FailNext_AnswersTheStatusWithRetryAfterInSeconds_ThenRecovers()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.FailNext("GET /v1/usage", 503, count: 2, retryAfter: TimeSpan.FromMilliseconds(1500));

        var first = await api.GetAsync("/v1/usage");
        var second = await api.GetAsync("/v1/usage");
        var third = await api.GetAsync("/v1/usage");

        (first.Status, second.Status, third.Status).Should().Be((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK));
        first.Headers["Retry-After"].Should().Be("2");
        first.Get("code").Should().Be("INTERNAL_ERROR");
        first.Json!["retryable"]!.GetValue<bool>().Should().BeTrue();
        api.Emulator.Requests.Select(r => r.Fault).Should().Equal("http:503", "http:503", null);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("garbage")]
    [InlineData("Wed, 02 Sep 2026 08:05:12 GMT")]
    public async Task FailNextWithRetryAfter_SendsTheHeaderExactlyAsGiven(string retryAfter)
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 429, retryAfter);

        var answer = await api.GetAsync("/v1/usage");

        answer.Status.Should().Be(HttpStatusCode.TooManyRequests);
        answer.Headers["Retry-After"].Should().Be(retryAfter);
        answer.Headers["Date"].Should().Be(Api.Epoch.ToString("R", CultureInfo.InvariantCulture), "the Date header follows the emulator's clock");
    }

    [Fact]
    public async Task FailNextWithRetryAfter_CanSkewTheDateHeader()
    {
        await using var api = await Api.StartAsync();
        var skewed = Api.Epoch.AddMinutes(-10);
        api.Emulator.Faults.FailNextWithRetryAfter("GET /v1/usage", 503, Api.Epoch.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture), date: skewed);

        var answer = await api.GetAsync("/v1/usage");

        answer.Headers["Date"].Should().Be(skewed.ToString("R", CultureInfo.InvariantCulture));
        answer.Headers["Retry-After"].Should().Be("Tue, 01 Sep 2026 12:00:30 GMT");
    }

    [Fact]
    public async Task EmptyNext_IsASuccessWithNoBody()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.EmptyNext("GET /v1/usage", statusCode: 200);

        var answer = await api.GetAsync("/v1/usage");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Text.Should().BeEmpty();
        answer.ContentLength.Should().Be(0);
        answer.ContentType.Should().BeNull();
    }

    [Fact]
    public async Task WrongContentTypeNext_KeepsTheBodyButNotTheType()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.WrongContentTypeNext("GET /v1/usage", "text/plain");

        var answer = await api.GetAsync("/v1/usage");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.ContentType.Should().Be("text/plain");
        answer.Json!["concurrency_limit"]!.GetValue<int>().Should().Be(25);
    }

    [Fact]
    public async Task HtmlNextAndTruncateNext_BreakTheBody()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.HtmlNext("GET /v1/usage");
        api.Emulator.Faults.TruncateNext("GET /v1/statistics");

        var html = await api.GetAsync("/v1/usage");
        var truncated = await api.GetAsync("/v1/statistics");

        (html.Status, html.ContentType).Should().Be((HttpStatusCode.OK, "text/html"));
        html.Text.Should().Contain("<html>");
        truncated.Status.Should().Be(HttpStatusCode.OK);
        truncated.Json.Should().BeNull("half a JSON document does not parse");
        truncated.Text.Should().StartWith("{\"extraction_count\"");
    }

    [Fact]
    public async Task StatusNext_ReplacesTheJobStatus()
    {
        await using var api = await Api.StartAsync();
        var id = await api.StartExtractAsync("https://a.example.test/");
        api.Emulator.Faults.StatusNext("GET /v1/extract/*", "canceled");

        (await api.GetAsync($"/v1/extract/{id}")).Get("status").Should().Be("canceled");
        (await api.GetAsync($"/v1/extract/{id}")).Get("status").Should().Be("queued");
    }

    [Fact]
    public async Task DropNext_AfterProcessing_StartsTheJobAndLosesTheAnswer()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.DropNext("POST /v1/batch", afterProcessing: true);
        api.Emulator.Faults.DropNext("POST /v1/batch");

        await FluentActions.Awaiting(() => api.StartBatchAsync("https://a.example.test/")).Should().ThrowAsync<HttpRequestException>();
        await FluentActions.Awaiting(() => api.StartBatchAsync("https://b.example.test/")).Should().ThrowAsync<HttpRequestException>();

        api.Emulator.CreatedJobs.Should().ContainSingle().Which.Urls.Should().Equal("https://a.example.test/");
        api.Emulator.CountRequests("POST", "/v1/batch").Should().Be(2);
        api.Emulator.Requests.Select(r => (r.StatusCode, r.Fault)).Should().Equal((0, "dropafter"), (0, "drop"));
    }

    [Fact]
    public async Task DelayNext_WaitsOnTheEmulatorsClock()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.DelayNext("GET /v1/usage", TimeSpan.FromMinutes(10));

        var read = api.GetAsync("/v1/usage");
        var first = await Task.WhenAny(read, Task.Delay(300));
        for (var i = 0; i < 100 && !read.IsCompleted; i++)
        {
            api.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(read, Task.Delay(50));
        }

        first.Should().NotBeSameAs(read);
        (await read).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TrickleNext_ClientGoneMidBody_IsLoggedOnceWithTheStatusItWasAnswered()
    {
        // A POST whose answer trickles has started its job; a client that goes away halfway (killed, or timed out) sent one
        // request, which a test counting POSTs must see once.
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.TrickleNext("POST /v1/batch", bytesPerChunk: 1, interval: TimeSpan.FromSeconds(10));
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = api.Emulator.BaseAddress };   // no draining: close
        http.DefaultRequestHeaders.Add("X-Api-Key", api.Emulator.ApiKey);
        using (http)
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/batch") { Content = new StringContent("""{"urls": ["https://a.example.test/"]}""", Encoding.UTF8, "application/json") })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        // Disposing the response closed its connection: the emulator's wait for the next chunk ends at once, and a second
        // entry for the dropped connection would appear within milliseconds.
        for (var i = 0; i < 50 && api.Emulator.Requests.Count == 1; i++)
        {
            await Task.Delay(20);
        }

        api.Emulator.CountRequests("POST", "/v1/batch").Should().Be(1);
        api.Emulator.Requests.Single().StatusCode.Should().Be(202);
        api.Emulator.CreatedJobs.Should().ContainSingle();
    }

    [Fact]
    public async Task TrickleNext_SendsTheHeadersThenTheBodyAFewBytesPerInterval()
    {
        await using var api = await Api.StartAsync();
        var expected = (await api.GetAsync("/v1/usage")).Text;
        api.Emulator.Faults.TrickleNext("GET /v1/usage", bytesPerChunk: 8, interval: TimeSpan.FromSeconds(1));

        using var response = await api.Http.GetAsync("v1/usage", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[1024];
        var advances = 0;
        while (true)
        {
            var read = body.ReadAsync(buffer).AsTask();
            while (!read.IsCompleted && advances < 1000)
            {
                await Task.WhenAny(read, Task.Delay(20));
                if (!read.IsCompleted)
                {
                    api.Advance(TimeSpan.FromSeconds(1));
                    advances++;
                }
            }

            var n = await read;
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(expected.Length);
        Encoding.UTF8.GetString(received.ToArray()).Should().Be(expected);
        advances.Should().BeGreaterThanOrEqualTo((expected.Length - 1) / 8, "each chunk after the first waits one interval of emulated time");
    }

    [Fact]
    public async Task Random_SameSeedSameFaults_OnlyTheKindsGiven_ClearStopsIt()
    {
        async Task<List<string?>> RunAsync(int seed)
        {
            await using var api = await Api.StartAsync();
            api.Emulator.Faults.Random(0.3, seed, EmulatorFaultKind.ServiceUnavailable, EmulatorFaultKind.EmptyBody, EmulatorFaultKind.WrongContentType);
            for (var i = 0; i < 60; i++)
            {
                await api.GetAsync("/health");
            }

            api.Emulator.Faults.Clear();
            await api.GetAsync("/health");
            return api.Emulator.Requests.Select(r => r.Fault).ToList();
        }

        var first = await RunAsync(7);
        var again = await RunAsync(7);
        var other = await RunAsync(8);

        first.Should().Equal(again);
        first.Should().NotEqual(other);
        first.Count(f => f is not null).Should().BeInRange(5, 35);
        first.Where(f => f is not null).Should().OnlyContain(f => f == "http:503" || f == "empty:200" || f == "content-type:text/plain");
        first[^1].Should().BeNull("Clear stops random faults");
    }

    [Fact]
    public async Task FaultsOverHttp_AddAndClear()
    {
        await using var api = await Api.StartAsync();

        var added = await api.PostAsync("/_emulator/faults", """{"route": "GET /v1/usage", "kind": "retry_after", "status_code": 503, "retry_after": "garbage", "count": 5}""");
        var faulted = await api.GetAsync("/v1/usage");
        var cleared = await api.DeleteAsync("/_emulator/faults");
        var healthy = await api.GetAsync("/v1/usage");
        var random = await api.PostAsync("/_emulator/faults", """{"kind": "random", "rate": 1, "seed": 3, "kinds": ["empty_body"]}""");
        var empty = await api.GetAsync("/v1/usage");
        var invalid = await api.PostAsync("/_emulator/faults", """{"route": "GET /v1/usage", "kind": "meteor"}""");

        added.Status.Should().Be(HttpStatusCode.Created);
        (faulted.Status, faulted.Headers["Retry-After"]).Should().Be((HttpStatusCode.ServiceUnavailable, "garbage"));
        cleared.Status.Should().Be(HttpStatusCode.NoContent);
        healthy.Status.Should().Be(HttpStatusCode.OK);
        random.Status.Should().Be(HttpStatusCode.Created);
        (empty.Status, empty.Text).Should().Be((HttpStatusCode.OK, string.Empty));
        invalid.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Controls_NeedTheKey_AndAreNeverFaulted()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.FailNext("* /_emulator/*", 503, count: 5);
        using var anonymous = new HttpClient { BaseAddress = api.Emulator.BaseAddress };

        using var withoutKey = await anonymous.PostAsync("_emulator/faults", new StringContent("{}", Encoding.UTF8, "application/json"));
        var jobs = await api.GetAsync("/_emulator/jobs");

        withoutKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        jobs.Status.Should().Be(HttpStatusCode.OK);
        jobs.Array("jobs").Should().BeEmpty();
    }

    [Fact]
    public async Task CreatedJobs_CountsEveryJobWithItsUrlsAndTrueStatus()
    {
        await using var api = await Api.StartAsync();
        var extract = await api.StartExtractAsync("https://one.example.test/");
        var batch = await api.StartBatchAsync("https://a.example.test/", "https://b.fail.test/");
        var crawl = await api.StartCrawlAsync("https://docs.example.test/");
        await api.PostAsync("/v1/search", """{"query": "emulators"}""");
        await api.PostAsync("/v1/map", """{"url": "https://docs.example.test/"}""");
        await api.DeleteAsync($"/v1/crawl/{crawl}");
        api.Advance(TimeSpan.FromMinutes(1));

        var jobs = api.Emulator.CreatedJobs;
        var overHttp = await api.GetAsync("/_emulator/jobs");

        jobs.Select(j => (j.Kind, j.Status)).Should().Equal(("extract", "completed"), ("batch", "completed"), ("crawl", "cancelled"), ("search", "completed"), ("map", "completed"));
        jobs[0].Id.Should().Be(extract);
        jobs[1].Id.Should().Be(batch);
        jobs[1].Urls.Should().Equal("https://a.example.test/", "https://b.fail.test/");
        jobs[2].Urls.Should().Equal("https://docs.example.test/");
        (jobs[3].Urls.Count, jobs[3].Query).Should().Be((0, "emulators"));
        jobs.Should().OnlyContain(j => j.CreatedAt == Api.Epoch);
        overHttp.Array("jobs").Select(j => j!["kind"]!.GetValue<string>()).Should().Equal("extract", "batch", "crawl", "search", "map");
    }
}
