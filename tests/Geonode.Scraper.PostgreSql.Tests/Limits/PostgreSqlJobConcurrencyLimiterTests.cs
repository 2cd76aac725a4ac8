using System.Diagnostics;
using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Limits;

/// <summary>The leased semaphore across replicas: a holder killed without releasing frees its slot when its lease expires,
/// and replicas on separate data sources never hold more than the limit together.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlJobConcurrencyLimiterTests(PostgresFixture db) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private readonly DataSources _dataSources = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dataSources.DisposeAsync();

    [PostgresFact]
    public async Task AcquireAsync_HolderProcessKilledWithSigkill_SlotIsFreeOnceItsLeaseExpires()
    {
        var name = "batch-" + Guid.NewGuid().ToString("N");
        using var child = ChildProcess.Start("hold-slot", db.Schema, name, "1", ((int)Lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await child.ReadLineAsync(TimeSpan.FromSeconds(30))).Should().Be("held", child.StandardError);
        var options = db.Options();
        options.SlotLeaseDuration = Lease;
        await using var limiter = new PostgreSqlJobConcurrencyLimiter(_dataSources.New(), options);

        // Alive, the holder renews its lease: the slot stays taken for well over one lease.
        using (var alive = new CancellationTokenSource(Lease * 2))
        {
            await limiter.Invoking(l => l.AcquireAsync(name, 1, alive.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>();
        }

        child.KillHard();
        var killedAt = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await using var slot = await limiter.AcquireAsync(name, 1, bound.Token);

        killedAt.Elapsed.Should().BeLessThan(Lease + options.SlotPollInterval + TimeSpan.FromSeconds(2), "a dead holder frees its slot when its lease expires");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".concurrency_slots WHERE name = $1", name)).Should().Be(1, "the dead holder's row was replaced");
    }

    [PostgresFact]
    public async Task AcquireAsync_HolderWhoseHeartbeatStopped_SlotIsFreeOnceItsLeaseExpires()
    {
        var name = "batch-" + Guid.NewGuid().ToString("N");
        var options = db.Options();
        options.SlotLeaseDuration = Lease;
        var stalled = new PostgreSqlJobConcurrencyLimiter(_dataSources.New(), options);
        await using var other = new PostgreSqlJobConcurrencyLimiter(_dataSources.New(), options);
        await stalled.AcquireAsync(name, 1);

        stalled.StopHeartbeat();
        var stoppedAt = Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await using var slot = await other.AcquireAsync(name, 1, bound.Token);

        stoppedAt.Elapsed.Should().BeGreaterThan(Lease / 4, "the slot was held until the lease ran out")
            .And.BeLessThan(Lease + options.SlotPollInterval + TimeSpan.FromSeconds(2));
        await stalled.DisposeAsync();
    }

    [PostgresFact]
    public async Task AcquireAsync_ThreeReplicasOnSeparateDataSources_NeverHoldMoreThanTheLimit()
    {
        const int limit = 2;
        var name = "batch-" + Guid.NewGuid().ToString("N");
        var replicas = Enumerable.Range(0, 3).Select(_ => new PostgreSqlJobConcurrencyLimiter(_dataSources.New(), db.Options())).ToArray();
        var holding = 0;
        var most = 0;
        var rowsSeen = 0L;

        try
        {
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
            {
                await using (await replicas[i % 3].AcquireAsync(name, limit))
                {
                    var now = Interlocked.Increment(ref holding);
                    lock (replicas)
                    {
                        most = Math.Max(most, now);
                    }

                    var rows = await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".concurrency_slots WHERE name = $1", name);
                    lock (replicas)
                    {
                        rowsSeen = Math.Max(rowsSeen, rows);
                    }

                    await Task.Delay(30);
                    Interlocked.Decrement(ref holding);
                }
            })));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }

        most.Should().Be(limit, "the limit was reached, and never exceeded");
        rowsSeen.Should().BeLessThanOrEqualTo(limit);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".concurrency_slots WHERE name = $1", name)).Should().Be(0, "every slot was released");
    }

    [PostgresFact]
    public async Task AcquireAsync_ManyCallersWaitingOnOneInstance_OnlyTheFirstTriesTheDatabase_AndTheyAreServedInOrder()
    {
        const int waiters = 12;
        var name = "batch-" + Guid.NewGuid().ToString("N");
        var options = db.Options();
        await using var limiter = new PostgreSqlJobConcurrencyLimiter(_dataSources.New(), options);
        var first = await limiter.AcquireAsync(name, 1);
        var order = new List<int>();
        var tasks = Enumerable.Range(0, waiters).Select(async i =>
        {
            await using (await limiter.AcquireAsync(name, 1))
            {
                lock (order)
                {
                    order.Add(i);
                }
            }
        }).ToList();

        // While the slot is held, the waiters poll: one of them per poll interval, not all of them.
        var waited = Stopwatch.StartNew();
        await Task.Delay(options.SlotPollInterval * 5);
        var attemptsWhileFull = limiter.Attempts - 1;
        var polls = waited.Elapsed / options.SlotPollInterval;
        await first.DisposeAsync();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await Task.WhenAll(tasks).WaitAsync(bound.Token);

        attemptsWhileFull.Should().BeLessThanOrEqualTo((int)polls + 2, $"only the first of {waiters} waiting callers tries the database ({polls:F1} poll intervals passed)");
        order.Should().Equal(Enumerable.Range(0, waiters), "callers of one instance are served in the order they came");
        (limiter.Attempts - 1 - attemptsWhileFull).Should().BeLessThanOrEqualTo(3 * waiters + 2, "after each release only the next caller tries: once or twice, a third time when a late notification wakes it early");
    }
}
