using System.Net;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>Each named profile, selected by host and per request through the fault controls, on a fake clock.</summary>
public sealed class ProfileTests
{
    private static string[] Urls(string host) => Enumerable.Range(0, 10).Select(i => $"https://x.{host}/{i}").ToArray();

    private static async Task<int> CompletedAsync(Api api, string id) => (await api.GetAsync($"/v1/batch/{id}")).Int("completed_urls");

    [Fact]
    public async Task JobVanishes_ByHost_AnswersThenIsGoneEverywhere()
    {
        await using var api = await Api.StartAsync(o => o.VanishAfterReads = 2);
        var id = await api.StartExtractAsync("https://a.vanish.test/");

        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            reads.Add((await api.GetAsync($"/v1/extract/{id}")).Status);
        }

        reads.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound);
        (await api.GetAsync("/v1/extract/jobs")).Array("jobs").Should().BeEmpty();
    }

    [Fact]
    public async Task JobVanishes_PerRequest_AnswersTheRoutes404ForTheNextReads()
    {
        await using var api = await Api.StartAsync();
        var id = await api.StartCrawlAsync("https://docs.example.test/");
        api.Emulator.Faults.UseProfile("GET /v1/crawl/*", EmulatorProfile.JobVanishes, count: 2);

        var gone = await api.GetAsync($"/v1/crawl/{id}");
        await api.GetAsync($"/v1/crawl/{id}");
        var back = await api.GetAsync($"/v1/crawl/{id}");

        gone.Status.Should().Be(HttpStatusCode.NotFound);
        gone.Text.Should().BeEmpty("a crawl's 404 is empty");
        back.Status.Should().Be(HttpStatusCode.OK);
        api.Emulator.Requests.Select(r => r.Fault).Should().Contain("profile:JobVanishes");
    }

    [Fact]
    public async Task CountersStall_ByHost_StayConstantWhileTheWorkGoesOn()
    {
        await using var api = await Api.StartAsync(o => { o.Parallelism = 1; o.StaleViewTime = TimeSpan.FromSeconds(4); });
        var id = await api.StartBatchAsync(Urls("stall.test"));

        api.Advance(TimeSpan.FromSeconds(2.5));   // truly 1 done
        var first = await CompletedAsync(api, id);
        api.Advance(TimeSpan.FromSeconds(2));     // truly 3 done
        var second = await CompletedAsync(api, id);
        api.Advance(TimeSpan.FromSeconds(1));     // truly 4 done, and a stale window has passed
        var third = await CompletedAsync(api, id);
        api.Advance(TimeSpan.FromSeconds(20));
        var end = await api.GetAsync($"/v1/batch/{id}");

        (first, second).Should().Be((0, 0), "the counters stall although items completed");
        third.Should().Be(4);
        end.Get("status").Should().Be("completed");
        end.Int("completed_urls").Should().Be(10);
    }

    [Fact]
    public async Task CountersStall_PerRequest_RepeatsTheFirstAnswer()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 1);
        var id = await api.StartBatchAsync(Urls("example.test"));
        api.Advance(TimeSpan.FromSeconds(2.5));
        api.Emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.CountersStall, count: 3);

        var counts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(await CompletedAsync(api, id));
            api.Advance(TimeSpan.FromSeconds(2));
        }

        counts.Should().Equal(1, 1, 1, 7);
    }

    [Fact]
    public async Task CountersBackwards_ByHost_ALaterReadReportsFewerCompleted()
    {
        await using var api = await Api.StartAsync(o => { o.Parallelism = 1; o.StaleViewTime = TimeSpan.FromSeconds(3); });
        var id = await api.StartBatchAsync(Urls("backwards.test"));
        api.Advance(TimeSpan.FromSeconds(6.5));   // truly 5 done

        var first = await CompletedAsync(api, id);
        var second = await CompletedAsync(api, id);
        api.Advance(TimeSpan.FromSeconds(20));
        var final1 = await CompletedAsync(api, id);
        var final2 = await CompletedAsync(api, id);

        (first, second).Should().Be((5, 2));
        (final1, final2).Should().Be((10, 10), "a finished job answers the truth");
    }

    [Fact]
    public async Task CountersBackwards_PerRequest_AnswersAStaleView()
    {
        await using var api = await Api.StartAsync(o => { o.Parallelism = 1; o.StaleViewTime = TimeSpan.FromSeconds(3); });
        var id = await api.StartBatchAsync(Urls("example.test"));
        api.Advance(TimeSpan.FromSeconds(6.5));

        var truth = await CompletedAsync(api, id);
        api.Emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.CountersBackwards);
        var stale = await CompletedAsync(api, id);

        (truth, stale).Should().Be((5, 2));
    }

    [Fact]
    public async Task ZeroResults_ByHost_CompletesWithNothing()
    {
        await using var api = await Api.StartAsync();
        var batch = await api.StartBatchAsync("https://a.zero.test/1", "https://b.example.test/2");
        var extract = await api.StartExtractAsync("https://a.zero.test/page");
        api.Advance(TimeSpan.FromMinutes(1));

        var batchAnswer = await api.GetAsync($"/v1/batch/{batch}");
        var extractAnswer = await api.GetAsync($"/v1/extract/{extract}");
        var listed = (await api.GetAsync("/v1/batch/jobs")).Array("jobs")[0]!;

        batchAnswer.Get("status").Should().Be("completed");
        (batchAnswer.Int("total_urls"), batchAnswer.Int("completed_urls")).Should().Be((0, 0));
        batchAnswer.Array("results").Should().BeEmpty();
        extractAnswer.Get("status").Should().Be("completed");
        extractAnswer.Json!["data"].Should().BeNull();
        listed["completed_urls"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task ZeroResults_PerRequest_SaysCompletedWithNothingWhateverTheState()
    {
        await using var api = await Api.StartAsync();
        var id = await api.StartCrawlAsync("https://docs.example.test/");
        api.Emulator.Faults.UseProfile("GET /v1/crawl/*", EmulatorProfile.ZeroResults);

        var zero = await api.GetAsync($"/v1/crawl/{id}");
        var truth = await api.GetAsync($"/v1/crawl/{id}");

        zero.Get("status").Should().Be("completed");
        zero.Int("total_pages").Should().Be(0);
        zero.Array("results").Should().BeEmpty();
        zero.Json!["completed_at"].Should().NotBeNull();
        truth.Get("status").Should().Be("queued");
    }

    [Fact]
    public async Task RateLimitStorm_ByHost_OutlastsARetryBudgetThenPasses()
    {
        await using var api = await Api.StartAsync(o => o.StormLength = 4);
        var id = await api.StartExtractAsync("https://a.storm.test/");

        var answers = new List<Answer>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await api.GetAsync($"/v1/extract/{id}"));
        }

        answers.Select(a => (int)a.Status).Should().Equal(200, 429, 429, 429, 429, 200);
        answers[1].Headers["Retry-After"].Should().Be("1");
        answers[1].Get("code").Should().Be("RATE_LIMITED");
        answers[1].Json!["retryable"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task RateLimitStorm_PerRequest_AnyRoute()
    {
        await using var api = await Api.StartAsync();
        api.Emulator.Faults.UseProfile("GET /v1/usage", EmulatorProfile.RateLimitStorm, count: 3);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.GetAsync("/v1/usage")).Status);
        }

        statuses.Should().Equal(HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
    }

    [Fact]
    public async Task SlowStatus_ByHost_StatusReadsWaitOnTheEmulatorsClock_StartsDoNot()
    {
        await using var api = await Api.StartAsync(o => o.SlowStatusDelay = TimeSpan.FromSeconds(90));
        var id = await api.StartExtractAsync("https://a.slow-status.test/");

        var read = api.GetAsync($"/v1/extract/{id}");
        var first = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(300)));
        for (var i = 0; i < 100 && !read.IsCompleted; i++)
        {
            // The server may not have started its wait yet on a busy machine: move the clock until it answers.
            api.Advance(TimeSpan.FromSeconds(90));
            await Task.WhenAny(read, Task.Delay(50));
        }

        var answer = await read.WaitAsync(TimeSpan.FromSeconds(10));

        first.Should().NotBeSameAs(read, "the status read waits 90 s of emulated time");
        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Get("status").Should().Be("completed", "the job finished while the read waited");
    }

    [Fact]
    public async Task SlowStatus_PerRequest_IsSlowerThanTheClientsTimeout()
    {
        await using var api = await Api.StartAsync(o => o.SlowStatusDelay = TimeSpan.FromMinutes(5));
        var id = await api.StartBatchAsync("https://a.example.test/");
        api.Emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.SlowStatus);
        using var impatient = new HttpClient { BaseAddress = api.Emulator.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Add("X-Api-Key", api.Emulator.ApiKey);

        await FluentActions.Awaiting(() => impatient.GetAsync($"v1/batch/{id}")).Should().ThrowAsync<TaskCanceledException>();
        (await api.GetAsync($"/v1/batch/{id}")).Status.Should().Be(HttpStatusCode.OK, "only one request was slowed");

        // The server sees the client go away a moment later and logs the request as a dropped connection.
        for (var i = 0; i < 100 && api.Emulator.Requests.Count < 3; i++)
        {
            await Task.Delay(50);
        }

        api.Emulator.Requests.Where(r => r.Method == "GET").Select(r => (r.StatusCode, r.Fault)).Should().BeEquivalentTo([(200, (string?)null), (0, "profile:SlowStatus")]);
    }

    [Fact]
    public async Task ShuffledResults_ByHost_AnItemMovesBetweenPagesFromOneReadToTheNext()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 30);
        var id = await api.StartBatchAsync(Enumerable.Range(0, 30).Select(i => $"https://x.shuffle.test/{i}").ToArray());
        api.Advance(TimeSpan.FromMinutes(1));

        async Task<List<int>> Page(int page) =>
            (await api.GetAsync($"/v1/batch/{id}?page={page}&page_size=10")).Array("results").Select(r => r!["input_index"]!.GetValue<int>()).ToList();
        var firstRead = await Page(1);
        var secondRead = await Page(1);
        var walk = (await Page(1)).Concat(await Page(2)).Concat(await Page(3)).ToList();

        firstRead.Should().NotEqual(secondRead);
        firstRead.Should().NotEqual(Enumerable.Range(0, 10));
        walk.Should().HaveCount(30);
        walk.Distinct().Should().HaveCountLessThan(30, "walking pages of a changing order sees some items twice and misses others");
    }

    [Fact]
    public async Task ShuffledResults_PerRequest_ShufflesTheMatchingAnswers()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 30);
        var id = await api.StartBatchAsync(Enumerable.Range(0, 30).Select(i => $"https://x.example.test/{i}").ToArray());
        api.Advance(TimeSpan.FromMinutes(1));
        api.Emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.ShuffledResults);

        var shuffled = (await api.GetAsync($"/v1/batch/{id}")).Array("results").Select(r => r!["input_index"]!.GetValue<int>()).ToList();
        var ordered = (await api.GetAsync($"/v1/batch/{id}")).Array("results").Select(r => r!["input_index"]!.GetValue<int>()).ToList();

        shuffled.Should().NotEqual(ordered);
        ordered.Should().Equal(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task StatusBackwards_ByHost_ProcessingThenQueuedOnce()
    {
        await using var api = await Api.StartAsync(o => o.PageTime = TimeSpan.FromSeconds(10));
        var id = await api.StartExtractAsync("https://a.requeue.test/");
        api.Advance(TimeSpan.FromSeconds(2));

        var statuses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.GetAsync($"/v1/extract/{id}")).Get("status"));
        }

        statuses.Should().Equal("processing", "queued", "processing", "processing");
    }

    [Fact]
    public async Task StatusBackwards_PerRequest_ShowsTheJobAsCreated()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 1);
        var id = await api.StartBatchAsync(Urls("example.test"));
        api.Advance(TimeSpan.FromSeconds(4.5));
        api.Emulator.Faults.UseProfile("GET /v1/batch/*", EmulatorProfile.StatusBackwards);

        var back = await api.GetAsync($"/v1/batch/{id}");
        var truth = await api.GetAsync($"/v1/batch/{id}");

        (back.Get("status"), back.Int("completed_urls")).Should().Be(("queued", 0));
        (truth.Get("status"), truth.Int("completed_urls")).Should().Be(("processing", 3));
    }

    [Fact]
    public async Task ProfileOnThePost_MarksTheJobItStarts()
    {
        await using var api = await Api.StartAsync(o => o.VanishAfterReads = 1);
        api.Emulator.Faults.UseProfile("POST /v1/batch", EmulatorProfile.JobVanishes);
        var marked = await api.StartBatchAsync("https://a.example.test/");
        var plain = await api.StartBatchAsync("https://a.example.test/");

        var reads = new[]
        {
            (await api.GetAsync($"/v1/batch/{marked}")).Status,
            (await api.GetAsync($"/v1/batch/{marked}")).Status,
            (await api.GetAsync($"/v1/batch/{plain}")).Status,
            (await api.GetAsync($"/v1/batch/{plain}")).Status,
        };

        reads.Should().Equal(HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Profiles_OverHttp_SnakeCaseNames()
    {
        await using var api = await Api.StartAsync();
        var id = await api.StartExtractAsync("https://a.example.test/");

        var added = await api.PostAsync("/_emulator/faults", new JsonObject { ["route"] = "GET /v1/extract/*", ["kind"] = "profile", ["profile"] = "zero_results" });
        var zero = await api.GetAsync($"/v1/extract/{id}");
        var unknown = await api.PostAsync("/_emulator/faults", new JsonObject { ["route"] = "GET /v1/extract/*", ["kind"] = "profile", ["profile"] = "chaos" });

        added.Status.Should().Be(HttpStatusCode.Created);
        zero.Get("status").Should().Be("completed");
        zero.Json!["data"].Should().BeNull();
        unknown.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }
}
