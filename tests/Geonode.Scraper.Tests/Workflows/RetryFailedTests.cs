using System.Net;
using System.Text.Json;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Workflows;

/// <summary>Re-runs beyond one batch: more than 1,000 failed pages split, and a split that stops half way says what it started.</summary>
public sealed class RetryFailedTests
{
    [Fact]
    public async Task RetryFailedPagesAsync_1001FailedPages_SplitsInto1000And1_WithTheCrawlsSettings()
    {
        using var t = new TestClient();
        var urls = FakeCrawl.WithFailedPages(t, "c1", 1001);
        t.Sequence(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("r1", 1000), FakeCrawl.Accepted("r2", 1));

        var retry = await t.Run(t.Client.RetryFailedPagesAsync("c1"));

        retry.Batches.Select(b => b.JobId).Should().Equal("r1", "r2");
        retry.FailedUrls.Should().Equal(urls);
        retry.SettingsSource.Should().Be(RetrySettingsSource.JobStatus);
        var posts = t.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        posts.Select(p => p.GetProperty("urls").GetArrayLength()).Should().Equal(1000, 1);
        posts.SelectMany(p => p.GetProperty("urls").EnumerateArray().Select(u => u.GetString())).Should().Equal(urls);
        posts.Should().OnlyContain(p => p.GetProperty("render_js").GetBoolean() && p.GetProperty("formats")[0].GetString() == "html" && !p.GetProperty("ignore_invalid_urls").GetBoolean());
    }

    [Fact]
    public async Task RetryFailedPagesAsync_SecondBatchRefused_ThrowsListingTheStartedBatchAndTheUrlsNotSent()
    {
        using var t = new TestClient();
        var urls = FakeCrawl.WithFailedPages(t, "c1", 1001);
        t.Sequence(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("r1", 1000), TestClient.Status(HttpStatusCode.PaymentRequired, """{"code":"INSUFFICIENT_BALANCE","message":"No balance left"}"""));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.RetryFailedPagesAsync("c1"))).Should().ThrowAsync<RetryFailedIncompleteException>()).Which;

        ex.Started.Select(b => b.JobId).Should().Equal("r1");
        ex.NotStartedUrls.Should().Equal(urls[1000]);
        ex.InnerException.Should().BeOfType<ScraperInsufficientBalanceException>();
        ex.Message.Should().Contain("r1").And.Contain("1 URLs not sent");
    }

    [Fact]
    public async Task RetryFailedItemsAsync_BadJobId_ThrowsNamingTheParameter_BeforeAnyRequest()
    {
        using var t = new TestClient();

        await FluentActions.Awaiting(() => t.Client.RetryFailedItemsAsync(" ")).Should().ThrowAsync<ArgumentException>().WithParameterName("batchJobId");
        await FluentActions.Awaiting(() => t.Client.RetryFailedPagesAsync("jobs")).Should().ThrowAsync<ArgumentException>().WithParameterName("crawlJobId");
        t.Requests.Should().BeEmpty();
    }
}
