namespace Geonode.Scraper.AspNetCore.Tests;

/// <summary>
/// Waits in an app that hosts <c>MapGeonodeScraperWebhooks</c>, with the emulator delivering real, signed webhooks over
/// loopback, everything on one fake clock that only the test moves: a wait that ends while the clock stands still was woken
/// by the delivery, and the emulator's request log counts its polls.
/// </summary>
public sealed class WebhookAcceleratedWaitTests
{
    [Fact]
    public async Task WaitForCrawl_WebhookDelivered_EndsRightAfterTheDeliveryWithAtMostThreePolls()
    {
        await using var host = await WebhookHost.StartAsync();
        var (jobId, wait) = await host.StartCrawlAndWaitAsync();

        // The crawl ends at 60 s; the emulator's timer fires and delivers. The clock stays there: only a wake-up can end
        // the wait now, since its next scheduled poll is 5 minutes away.
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var job = await wait.WaitAsync(WebhookHost.HangBound);

        job.Status.Should().Be(JobStatus.Completed);
        job.CompletedPages.Should().Be(6);
        host.StatusPolls(jobId).Should().BeInRange(2, 3, "the first poll, then the final one the delivery triggered");
        (await DeliveriesAsync(host, 1)).Should().ContainSingle().Which.HttpStatus.Should().Be(204);
    }

    [Fact]
    public async Task WaitForCrawl_DeliveriesSwitchedOff_CompletesByTheFallbackPoll()
    {
        await using var host = await WebhookHost.StartAsync(deliverWebhooks: false);
        var started = host.Clock.GetUtcNow();
        var (jobId, wait) = await host.StartCrawlAndWaitAsync();

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var job = await AdvanceUntilPolledAgainAsync(host, jobId, wait, TimeSpan.FromSeconds(30));

        job.Status.Should().Be(JobStatus.Completed);
        (host.Clock.GetUtcNow() - started).Should().BeGreaterThanOrEqualTo(WebhookHost.Fallback, "nothing woke the wait: the fallback poll saw the end");
        host.StatusPolls(jobId).Should().Be(2, "a poll at the start and one at the fallback interval");
        (await host.Client.ListWebhookDeliveriesAsync(host.WebhookId)).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task WaitForCrawl_DeliverySignedWithTheRotatedSecret_IsAcceptedWhileBothAreConfigured()
    {
        // The receiver lists the old secret first and the new one second; the emulator signs with the new one only.
        await using var host = await WebhookHost.StartAsync(rotate: true, secrets: (first, rotated) => [first, rotated!]);
        var (jobId, wait) = await host.StartCrawlAndWaitAsync();

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var job = await wait.WaitAsync(WebhookHost.HangBound);

        job.Status.Should().Be(JobStatus.Completed);
        host.StatusPolls(jobId).Should().BeInRange(2, 3);
    }

    [Fact]
    public async Task Delivery_RepeatedByTheService_IsAcknowledgedButWakesTheJobOnce()
    {
        // On duplicate.test the emulator delivers the job's event twice, each time with a new delivery id.
        await using var host = await WebhookHost.StartAsync();
        var crawl = await host.Client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.duplicate.test/", Depth = 2 });
        using var wakeUps = host.CountWakeUps(crawl.JobId);

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var deliveries = await DeliveriesAsync(host, 2);

        deliveries.Select(d => d.HttpStatus).Should().Equal(204, 204);
        deliveries.Select(d => d.Id).Should().OnlyHaveUniqueItems();
        wakeUps.Count.Should().Be(1);
    }

    /// <summary>Moves the clock in steps until the wait has polled again (the job ended long before, so that poll is its
    /// last); real time only paces the steps, nothing is asserted on it.</summary>
    private static async Task<CrawlJob> AdvanceUntilPolledAgainAsync(WebhookHost host, string jobId, Task<CrawlJob> wait, TimeSpan step)
    {
        for (var i = 0; i < 1_000 && host.StatusPolls(jobId) < 2; i++)
        {
            host.Clock.Advance(step);
            await Task.WhenAny(wait, Task.Delay(20));
        }

        return await wait.WaitAsync(WebhookHost.HangBound);
    }

    /// <summary>Waits (real time, bounded) until the webhook has <paramref name="count"/> finished delivery attempts.</summary>
    private static async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(WebhookHost host, int count)
    {
        using var bound = new CancellationTokenSource(WebhookHost.HangBound);
        while (true)
        {
            var page = await host.Client.ListWebhookDeliveriesAsync(host.WebhookId, cancellationToken: bound.Token);
            if (page.Items.Count >= count)
            {
                return page.Items;
            }

            await Task.Delay(10, bound.Token);
        }
    }
}
