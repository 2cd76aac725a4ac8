using System.Net;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The plan's concurrency limit: reported always, enforced on request.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task EnforcedLimit_RefusesANewJobWithRetryAfter_UntilOneEnds()
    {
        await using var api = await Api.StartAsync(o =>
        {
            o.ConcurrencyLimit = 2;
            o.EnforceConcurrencyLimit = true;
            o.PageTime = TimeSpan.FromMilliseconds(1);
        });
        await api.StartExtractAsync("https://a.example.test/");
        await api.StartBatchAsync("https://b.example.test/");

        var refused = await api.PostAsync("/v1/crawl", """{"url": "https://c.example.test/"}""");
        var usage = await api.GetAsync("/v1/usage");
        var sync = await api.PostAsync("/v1/extract", """{"url": "https://d.example.test/"}""");
        api.Advance(TimeSpan.FromSeconds(5));
        var accepted = await api.PostAsync("/v1/crawl", """{"url": "https://c.example.test/"}""");

        refused.Status.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Get("code").Should().Be("CONCURRENCY_LIMIT");
        refused.Json!["retryable"]!.GetValue<bool>().Should().BeTrue();
        int.Parse(refused.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
        (usage.Int("concurrency_in_use"), usage.Int("concurrency_limit")).Should().Be((2, 2));
        sync.Status.Should().Be(HttpStatusCode.OK, "a synchronous extraction starts no job");
        accepted.Status.Should().Be(HttpStatusCode.Accepted);
        api.Emulator.CreatedJobs.Select(j => j.Kind).Should().Equal("extract", "batch", "crawl");
    }

    [Fact]
    public async Task LimitNotEnforced_ByDefault()
    {
        await using var api = await Api.StartAsync(o => o.ConcurrencyLimit = 1);
        await api.StartBatchAsync("https://a.example.test/");

        var second = await api.PostAsync("/v1/batch", """{"urls": ["https://b.example.test/"]}""");
        var usage = await api.GetAsync("/v1/usage");

        second.Status.Should().Be(HttpStatusCode.Accepted);
        usage.Int("concurrency_in_use").Should().Be(2, "the emulator reports what runs, even beyond a limit it does not enforce");
    }

    [Fact]
    public async Task MaxConcurrentJobs_CountsJobsFromCreationToEndOrCancellation_AtTheSameInstant()
    {
        // Queue 1 s and page 1 s on a fake clock: a one-URL batch is queued or processing for 2 s.
        await using var api = await Api.StartAsync();
        var peak = new List<int> { api.Emulator.MaxConcurrentJobs };

        await api.StartBatchAsync("https://a.example.test/");                      // A: 0 s to 2 s
        peak.Add(api.Emulator.MaxConcurrentJobs);
        api.Advance(TimeSpan.FromSeconds(1));
        var b = await api.StartBatchAsync("https://b.example.test/");              // B: 1 s, cancelled at 1.5 s
        peak.Add(api.Emulator.MaxConcurrentJobs);
        api.Advance(TimeSpan.FromSeconds(0.5));
        (await api.DeleteAsync($"/v1/batch/{b}")).Status.Should().Be(HttpStatusCode.Accepted);
        await api.PostAsync("/v1/map", """{"url": "https://m.example.test/"}""");  // a map is no running job
        api.Advance(TimeSpan.FromSeconds(0.5));
        await api.StartCrawlAsync("https://c.example.test/", depth: 1, limit: 1);   // C and C2: 2 s, as A ends, to 4 s
        await api.StartBatchAsync("https://c2.example.test/");
        peak.Add(api.Emulator.MaxConcurrentJobs);
        api.Advance(TimeSpan.FromSeconds(1));
        await api.StartBatchAsync("https://d.example.test/");                      // D and E: 3 s to 5 s, with C and C2
        await api.StartExtractAsync("https://e.example.test/");
        peak.Add(api.Emulator.MaxConcurrentJobs);
        api.Advance(TimeSpan.FromMinutes(1));

        // At 2 s: B (cancelled) and A (ending then) no longer count, so C and C2 make 2, not 3 or 4.
        peak.Should().Equal(0, 1, 2, 2, 4);
        api.Emulator.MaxConcurrentJobs.Should().Be(4, "the peak stays once every job has ended");
    }
}
