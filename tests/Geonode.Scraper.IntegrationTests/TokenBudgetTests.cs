using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>A budgeted wait against the emulator: the job runs on a clock the test moves, so what the poll sees is fixed.</summary>
public sealed class TokenBudgetTests
{
    [Fact]
    public async Task WaitForBatchAsync_OverBudget_CancelsTheBatchOnTheServer_AndThrowsWithTheUsage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-09-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock,
            QueueTime = TimeSpan.FromSeconds(1),
            PageTime = TimeSpan.FromSeconds(1),
            Parallelism = 10,
        });
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.BaseAddress = emulator.BaseAddress;
            o.Polling = EmulatorFixture.FastPolling();
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();
        var accepted = await client.StartBatchAsync(new BatchRequest { Urls = [.. Enumerable.Range(0, 100).Select(i => $"https://a.example.test/p/{i}")] });

        // 1 s queued, then 3 waves of 10 pages: 30 charged, 70 to go.
        clock.Advance(TimeSpan.FromSeconds(4));
        var ex = (await FluentActions.Awaiting(() => client.GetBatchOperation(accepted.JobId).WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 20 } }))
            .Should().ThrowAsync<JobBudgetExceededException>()).Which;

        ex.Usage.TokensChargedTotal.Should().Be(30);
        ex.CancelRequested.Should().BeTrue();
        emulator.CreatedJobs.Single().Status.Should().Be("cancelled");
        emulator.CountRequests("DELETE", "/v1/batch/" + accepted.JobId).Should().Be(1);
        clock.Advance(TimeSpan.FromSeconds(20));
        (await client.GetBatchAsync(accepted.JobId)).TokenSummary!.TokensChargedTotal.Should().BeLessThan(100, "the rest of the batch was not run");
    }
}
