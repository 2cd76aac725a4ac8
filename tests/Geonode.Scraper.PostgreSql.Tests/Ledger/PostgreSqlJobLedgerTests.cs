using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Ledger;

/// <summary>The PostgreSQL ledger under the load of several replicas, and its retention.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlJobLedgerTests(PostgresFixture db) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly DataSources _dataSources = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dataSources.DisposeAsync();

    [PostgresFact]
    public async Task ClaimAsync_500ConcurrentClaimsOf50KeysFromThreeReplicas_ExactlyOneOwnerAndOneSenderPerKey()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 50).Select(k => $"race-{run}-{k}").ToArray();
        var replicas = Enumerable.Range(0, 3).Select(_ => new PostgreSqlJobLedger(_dataSources.New(maxPoolSize: 10), db.Options())).ToArray();

        var claims = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(async () =>
        {
            var entry = new JobLedgerEntry { EntryId = keys[i % keys.Length], Kind = JobLedgerEntry.BatchKind, UrlCount = 10, Owner = $"replica-{i % 3}/{i}" };
            var claim = await replicas[i % 3].ClaimAsync(entry, Lease);

            // What JobStarter does next: only a claimant that may send records that it sends.
            var sends = claim.IsOwner && await replicas[(i + 1) % 3].TryRecordSendingAsync(entry.EntryId, entry.Owner);
            return (entry.EntryId, entry.Owner, claim, sends);
        })));

        claims.Count(c => c.claim.IsOwner).Should().Be(50);
        claims.Count(c => c.sends).Should().Be(50, "exactly one replica sends the POST of each key");
        foreach (var key in claims.GroupBy(c => c.EntryId))
        {
            var owner = key.Single(c => c.claim.IsOwner).Owner;
            key.Should().AllSatisfy(c => c.claim.Entry.Owner.Should().Be(owner, "every claimant of {0} sees its one owner", key.Key));
        }

        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".job_ledger WHERE entry_id LIKE $1 AND state = 'sending'", $"race-{run}-%")).Should().Be(50);
    }

    [PostgresFact]
    public async Task CleanupAsync_DeletesWhatIsPastItsRetention_AndKeepsTheRest()
    {
        var options = db.Options(db.NewSchemaName());
        options.FinishedRetention = TimeSpan.FromSeconds(1);
        options.EventRetention = TimeSpan.FromSeconds(1);
        options.BudgetRetention = TimeSpan.FromSeconds(1);
        options.SlotLeaseDuration = TimeSpan.FromSeconds(1);
        var dataSource = _dataSources.New();
        var ledger = new PostgreSqlJobLedger(dataSource, options);
        await using var signal = new PostgreSqlJobCompletionSignal(dataSource, options);
        var budgets = new PostgreSqlTokenBudgetStore(dataSource, options);
        var limiter = new PostgreSqlJobConcurrencyLimiter(dataSource, options);
        var run = Guid.NewGuid().ToString("N")[..8];
        var finished = new JobLedgerEntry { EntryId = $"done-{run}", Kind = JobLedgerEntry.CrawlKind, Owner = "me" };
        var inFlight = finished with { EntryId = $"running-{run}" };
        await ledger.ClaimAsync(finished, Lease);
        await ledger.ClaimAsync(inFlight, Lease);
        await ledger.RecordStartedAsync(finished.EntryId, $"job-{run}");
        await ledger.RecordFinishedAsync($"job-{run}", JobStatus.Completed);
        await signal.NotifyAsync($"job-{run}");
        await budgets.RecordAsync($"budget-{run}", "job-1", 10);
        await limiter.AcquireAsync($"pool-{run}", 1);
        limiter.StopHeartbeat();

        (await ledger.CleanupAsync()).Should().Be(0, "nothing is past its retention yet");
        (await signal.CleanupAsync()).Should().Be(0);
        (await budgets.CleanupAsync()).Should().Be(0);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await budgets.RecordAsync($"budget-{run}-kept", "job-1", 10);

        (await ledger.CleanupAsync()).Should().Be(1);
        (await signal.CleanupAsync()).Should().Be(1);
        (await budgets.CleanupAsync()).Should().Be(1);
        (await limiter.CleanupAsync()).Should().Be(1);
        (await ledger.FindEntryAsync(finished.EntryId)).Should().BeNull();
        (await ledger.FindEntryAsync(inFlight.EntryId)).Should().NotBeNull("an entry in flight is never deleted");
        (await ledger.ClaimAsync(finished with { Owner = "other" }, Lease)).IsOwner.Should().BeTrue("the key is free again after the retention");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{options.Schema}\".job_events")).Should().Be(0);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{options.Schema}\".token_budgets WHERE budget_name = $1", $"budget-{run}")).Should().Be(0);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{options.Schema}\".token_budgets WHERE budget_name = $1", $"budget-{run}-kept")).Should().Be(1);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{options.Schema}\".concurrency_slots")).Should().Be(0);
    }

    [PostgresFact]
    public async Task ToString_NamesTheSchemaNeverTheConnectionString()
    {
        var ledger = new PostgreSqlJobLedger(_dataSources.New(), db.Options());

        ledger.ToString().Should().Contain(db.Schema).And.NotContain("Password").And.NotContain("geonode;");
    }
}
