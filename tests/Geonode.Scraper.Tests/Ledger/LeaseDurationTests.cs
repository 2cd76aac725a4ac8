using System.Net.Http;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Ledger;

/// <summary><see cref="ScraperClientOptions.JobLedgerLeaseDuration"/>: the lease of the client's claims, renewed every third
/// of it, so how soon another process takes the work of a dead one over.</summary>
public sealed class LeaseDurationTests
{
    [Fact]
    public async Task StartWithAKey_ClaimHoldsForTheLeaseDuration_AndTheHeartbeatRenewsItEveryThird()
    {
        var ledgerClock = new TestClock();
        var ledger = new InMemoryJobLedger(ledgerClock);
        using var t = new TestClient(o =>
        {
            o.JobLedger = ledger;
            o.JobLedgerLeaseDuration = TimeSpan.FromSeconds(6);
        });
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("b1", 1));

        await t.Client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://example.org/"] }, new JobStartOptions { IdempotencyKey = "order-17" });
        var claimed = await ledger.FindEntryAsync("order-17");

        claimed!.LeaseExpiresAt.Should().Be(ledgerClock.GetUtcNow() + TimeSpan.FromSeconds(6));
        ledgerClock.Advance(TimeSpan.FromSeconds(2));
        t.Time.Advance(TimeSpan.FromSeconds(2));
        var renewed = claimed.LeaseExpiresAt;
        for (var i = 0; i < 200 && renewed == claimed.LeaseExpiresAt; i++)
        {
            await Task.Delay(10);
            renewed = (await ledger.FindEntryAsync("order-17"))!.LeaseExpiresAt;
        }

        renewed.Should().Be(ledgerClock.GetUtcNow() + TimeSpan.FromSeconds(6), "the heartbeat renews every third of the lease");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(7200)]
    public void JobLedgerLeaseDuration_OutOfRange_ThrowsNamingIt(double seconds)
    {
        var options = new ScraperClientOptions { ApiKey = "k", JobLedger = new InMemoryJobLedger(), JobLedgerLeaseDuration = TimeSpan.FromSeconds(seconds) };

        FluentActions.Invoking(() => new ScraperClient(options)).Should().Throw<ArgumentException>().WithMessage("*JobLedgerLeaseDuration*");
    }
}
