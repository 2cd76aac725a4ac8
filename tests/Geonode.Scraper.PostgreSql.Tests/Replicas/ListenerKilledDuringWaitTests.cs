using Geonode.Scraper.Conformance;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Internal;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>The connection a replica listens on for wake-ups is killed on the server (<c>pg_terminate_backend</c>, as a
/// failover or an administrator would) while a wait that relies on the wake-ups sleeps its fallback interval.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ListenerKilledDuringWaitTests(PostgresFixture db, ITestOutputHelper output)
{
    /// <summary>The shortest fallback poll interval a signal-woken wait may have.</summary>
    private static readonly TimeSpan Fallback = JobCompletionSignalOptions.MinFallbackPollInterval;

    [PostgresFact]
    public async Task WaitForCompletionAsync_ListenerConnectionTerminated_ListenerComesBackAndWakesTheWait_WhichEndsWithinOneFallbackInterval()
    {
        // A slow.test page: 20 × 200 ms, so the job runs 4 s, well inside the wait's first fallback sleep.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(50), PageTime = TimeSpan.FromMilliseconds(200), SlowFactor = 20 });
        await using var replica = Replica.Start(
            emulator,
            db.NewSchemaName(),
            client: o => o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), Jitter = 0, Timeout = TimeSpan.FromSeconds(60) },
            services: s => s.AddGeonodeScraperCompletionSignal(o =>
            {
                o.FallbackPollInterval = Fallback;
                o.Events = [WebhookEventType.BatchCompleted];   // the app receives batch webhooks: batch waits rely on the signal
            }));
        using (var bound = new CancellationTokenSource(Eventually.Bound))
        {
            await replica.Signal.StartAsync(bound.Token);
        }

        var operation = await replica.Client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://www.slow.test/listener"] });
        var wait = operation.WaitForCompletionAsync();
        int Polls() => emulator.CountRequests("GET", $"/v1/batch/{operation.JobId}");
        (await Eventually.TrueAsync(() => Polls() == 1)).Should().BeTrue("the wait polls once, then sleeps its fallback interval");
        await Task.Delay(300);   // so that the kill finds it asleep, not between its poll and its plan
        var killed = replica.Signal.ListenerProcessId;
        (await db.ScalarAsync<string>("SELECT application_name FROM pg_stat_activity WHERE pid = $1", killed)).Should().Be(NotificationListener.ApplicationName);

        (await db.ScalarAsync<bool>("SELECT pg_terminate_backend($1)", killed)).Should().BeTrue();

        (await Eventually.TrueAsync(() => replica.Signal.IsListening && replica.Signal.ListenerProcessId is var pid && pid != 0 && pid != killed))
            .Should().BeTrue("the listener reconnects on a new connection");
        var job = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        var returnedAt = DateTimeOffset.UtcNow;

        output.WriteLine($"the wait returned {(returnedAt - job.CompletedAt!.Value).TotalMilliseconds:0} ms after the job ended, after {Polls()} polls");
        job.Status.Should().Be(JobStatus.Completed);
        Polls().Should().Be(3, "the first poll, one when the listener came back and woke every wait (the job still ran), and the fallback poll that saw the end");
        (returnedAt - job.CompletedAt!.Value).Should().BeLessThan(Fallback + TimeSpan.FromSeconds(2), "the wait saw the end within one fallback interval (and 2 s for a busy machine)");
        replica.Signal.IsListening.Should().BeTrue();
        (await db.ScalarAsync<string>("SELECT application_name FROM pg_stat_activity WHERE pid = $1", replica.Signal.ListenerProcessId)).Should().Be(NotificationListener.ApplicationName);
    }
}
