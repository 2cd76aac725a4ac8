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
    public async Task PeakRunningJobs_CountsJobsThatOverlap_NotOneThatEndsAsAnotherStarts()
    {
        // Queue 1 s + page 1 s: a one-URL job runs 2 s from its creation.
        await using var api = await Api.StartAsync(o => o.ConcurrencyLimit = 1);
        var before = api.Emulator.PeakRunningJobs;

        await api.StartBatchAsync("https://a.example.test/");     // runs 0-2 s
        api.Advance(TimeSpan.FromSeconds(1));
        await api.StartBatchAsync("https://b.example.test/");     // runs 1-3 s: overlaps a
        api.Advance(TimeSpan.FromSeconds(2));
        await api.StartBatchAsync("https://c.example.test/");     // created at 3 s, as b ends
        var cancelled = await api.StartBatchAsync("https://d.example.test/");
        (await api.DeleteAsync($"/v1/batch/{cancelled}")).Status.Should().Be(HttpStatusCode.Accepted);
        await api.StartExtractAsync("https://e.example.test/");   // d was cancelled at once: only c runs with it
        var peakWithTwo = api.Emulator.PeakRunningJobs;
        await api.StartBatchAsync("https://f.example.test/");
        var peakWithThree = api.Emulator.PeakRunningJobs;

        before.Should().Be(0);
        peakWithTwo.Should().Be(2, "a and b overlapped; c started as b ended; d was cancelled before e started");
        peakWithThree.Should().Be(3, "c, e and f are queued together, beyond the limit, which is not enforced");
    }
}
