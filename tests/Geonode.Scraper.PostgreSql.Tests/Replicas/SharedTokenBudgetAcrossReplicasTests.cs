using System.Diagnostics;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Xunit.Abstractions;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>Three replicas each wait for a batch of their own under one named token budget: what the three jobs are charged
/// is added up in PostgreSQL, and the waits stop together once the sum is over the budget.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTokenBudgetAcrossReplicasTests(PostgresFixture db, ITestOutputHelper output)
{
    private const int MaxTokens = 120;

    /// <summary>Each job is charged 2 pages every 100 ms (a token per page): 20 tokens/s, 60 for the three.</summary>
    private const int PagesPerWave = 2;

    private static readonly TimeSpan PageTime = TimeSpan.FromMilliseconds(100);

    /// <summary>The budget's longest delay between two polls.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>What a busy machine may add to a poll interval: the poll's request and the budget's statement.</summary>
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(500);

    [PostgresFact]
    public async Task WaitForCompletionAsync_SharedBudgetOnThreeReplicas_AllStopWithinAPollIntervalOfEachOther_AndTheSumStaysNearTheBudget()
    {
        // 300 URLs per batch: 15 s of work each, if nothing stopped them.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.Zero, PageTime = PageTime, Parallelism = PagesPerWave });
        var schema = db.NewSchemaName();
        var budgetName = "shared-" + Guid.NewGuid().ToString("N")[..8];

        // Slow polling of their own (first poll after 200 ms, then growing): the budget's interval is what bounds the polls.
        static void Polling(ScraperClientOptions o) => o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(60) };
        await using var a = Replica.Start(emulator, schema, Polling);
        await using var b = Replica.Start(emulator, schema, Polling);
        await using var c = Replica.Start(emulator, schema, Polling);
        Replica[] replicas = [a, b, c];
        var operations = await Task.WhenAll(replicas.Select((replica, r) =>
            replica.Client.StartBatchOperationAsync(new BatchRequest { Urls = [.. Enumerable.Range(0, 300).Select(i => $"https://r{r}.example.test/p/{i}")] })));
        var clock = Stopwatch.StartNew();

        var stops = await Task.WhenAll(operations.Select(operation => Task.Run(async () =>
        {
            var error = await FluentActions.Awaiting(() => operation.WaitForCompletionAsync(new JobWaitOptions
            {
                Budget = new TokenBudget { Name = budgetName, MaxTokens = MaxTokens, MaxPollInterval = PollInterval },
            })).Should().ThrowAsync<JobBudgetExceededException>();
            return (Error: error.Which, At: clock.Elapsed);
        }))).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(PageTime * 3);   // the pages running when each cancel landed finish (and are charged)
        var charged = new List<int>();
        foreach (var operation in operations)
        {
            var job = await a.Client.GetBatchAsync(operation.JobId);
            job.Status.Should().Be(JobStatus.Cancelled, "the wait that stopped cancelled its job");
            charged.Add(job.TokenSummary!.TokensChargedTotal);
        }

        stops.Should().AllSatisfy(stop =>
        {
            stop.Error.BudgetName.Should().Be(budgetName);
            stop.Error.CancelRequested.Should().BeTrue();
            stop.Error.ChargedUnderBudget.Should().BeGreaterThan(MaxTokens, "the sum over the three jobs crossed the budget");
            stop.Error.Usage.TokensChargedTotal.Should().BeLessThan(MaxTokens, "no job crossed it alone: each stopped for the shared sum");
        });

        // Once one wait has seen the sum over the budget, each other sees it at its next poll: within one poll interval.
        var spread = stops.Max(s => s.At) - stops.Min(s => s.At);
        spread.Should().BeLessThan(PollInterval + Latency + TimeSpan.FromSeconds(1), "the waits stopped together (one poll interval, its latency, and a cancel)");

        // The bound on the sum: before the crossing is seen, each job's last recorded figure is at most one poll interval
        // old (R × I unseen, R = 60 tokens/s for the three, I = the interval and its latency); after, each other wait takes
        // at most one more interval to see it (R × I more); and each job finishes the wave of pages running when its cancel
        // lands. That is N + 2·R·I + 3 waves = 120 + 120 + 6 = 246, where a budget per replica would have let each job pass
        // 120 alone (over 360).
        var rate = 3 * PagesPerWave / PageTime.TotalSeconds;
        var interval = (PollInterval + Latency).TotalSeconds;
        var bound = MaxTokens + (2 * rate * interval) + (3 * PagesPerWave);
        output.WriteLine($"charged {string.Join(" + ", charged)} = {charged.Sum()} (bound {bound:0}); stops at {string.Join(", ", stops.Select(s => s.At.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms, spread {spread.TotalMilliseconds:0} ms");
        charged.Sum().Should().BeGreaterThan(MaxTokens).And.BeLessThanOrEqualTo((int)bound, "the three jobs together stopped within a poll interval of the budget (charged: {0})", string.Join(", ", charged));
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".token_budgets WHERE budget_name = $1", budgetName)).Should().Be(3, "the budget was added up in PostgreSQL, one row per job");
        (await db.ScalarAsync<long>($"SELECT sum(tokens) FROM \"{schema}\".token_budgets WHERE budget_name = $1", budgetName)).Should().BeGreaterThan(MaxTokens);
    }
}
