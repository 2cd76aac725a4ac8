using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Xunit.Abstractions;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>Three replicas each extract their share of 3,000 URLs at the same time under one account's concurrency limit:
/// the limit holds at the API for all of them together, through the limiter their containers share in PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScrapeManyConcurrencyAcrossReplicasTests(PostgresFixture db, ITestOutputHelper output)
{
    private const int Limit = 2;

    [PostgresFact]
    public async Task ScrapeManyAsync_1000UrlsOnEachOfThreeReplicas_LimitOf2_NeverMoreThan2BatchesRunningAtTheApi_AndEveryUrlComesBack()
    {
        // A batch of 250 URLs runs 30 ms queued and 10 waves of 25 pages × 20 ms: about a quarter of a second.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(30), PageTime = TimeSpan.FromMilliseconds(20), Parallelism = 25 });
        var schema = db.NewSchemaName();
        await using var a = Replica.Start(emulator, schema);
        await using var b = Replica.Start(emulator, schema);
        await using var c = Replica.Start(emulator, schema);
        Replica[] replicas = [a, b, c];
        var urls = Enumerable.Range(0, 3).Select(r => Enumerable.Range(0, 1000).Select(i => $"https://r{r}.example.test/p/{i}").ToList()).ToArray();
        using var sampling = new CancellationTokenSource();
        var slotsSeen = SampleSlotsAsync(schema, sampling.Token);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var items = new List<ScrapeManyItem>();
            await foreach (var item in replicas[r].Client.ScrapeManyAsync(urls[r], new ScrapeManyOptions { BatchSize = 250, MaxConcurrentBatches = Limit, Polling = Replica.FastPolling() }))
            {
                items.Add(item);
            }

            return items;
        }))).WaitAsync(TimeSpan.FromSeconds(60));
        await sampling.CancelAsync();
        var slots = await slotsSeen;

        output.WriteLine($"peak at the emulator {emulator.MaxConcurrentJobs}, most slot rows seen {slots}");
        for (var r = 0; r < 3; r++)
        {
            runs[r].Select(i => i.Index).Should().BeEquivalentTo(Enumerable.Range(0, 1000), "replica {0} got every one of its URLs once", r);
            runs[r].Should().OnlyContain(i => i.Item.Url == urls[r][i.Index] && i.Item.Status == JobStatus.Completed);
        }

        emulator.CountRequests("POST", "/v1/batch").Should().Be(12, "3 × 1,000 URLs in batches of 250");
        emulator.MaxConcurrentJobs.Should().Be(Limit, "the three replicas together reached the limit and never passed it");
        slots.Should().BeInRange(1, Limit, "the slots were held in PostgreSQL (not in a limiter of the process), never more than the limit");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".concurrency_slots")).Should().Be(0, "every slot was released");
    }

    /// <summary>The most slot rows seen in the shared table, read every 10 ms until cancelled.</summary>
    private async Task<long> SampleSlotsAsync(string schema, CancellationToken stop)
    {
        var most = 0L;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                most = Math.Max(most, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".concurrency_slots"));
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState is Npgsql.PostgresErrorCodes.UndefinedTable or Npgsql.PostgresErrorCodes.InvalidSchemaName)
            {
                // Not created yet: the first replica applies the schema on first use.
            }

            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return most;
    }
}
