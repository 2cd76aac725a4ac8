using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Internal;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Signals;

/// <summary>What is particular to the PostgreSQL signal: its listening connection killed on the server, the event rows,
/// and disposal.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlJobCompletionSignalTests(PostgresFixture db) : IAsyncLifetime
{
    private readonly DataSources _dataSources = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dataSources.DisposeAsync();

    [PostgresFact]
    public async Task Listener_KilledWithPgTerminateBackend_ReconnectsAndWakesEverySubscriberOnce()
    {
        // A reconnection delay long enough to see the listener down.
        var options = db.Options();
        options.ReconnectDelay = TimeSpan.FromMilliseconds(600);
        await using var signal = new PostgreSqlJobCompletionSignal(_dataSources.New(), options);
        await using var otherReplica = new PostgreSqlJobCompletionSignal(_dataSources.New(), db.Options());
        using (var bound = new CancellationTokenSource(Eventually.Bound))
        {
            await signal.StartAsync(bound.Token);
        }

        var first = "job-" + Guid.NewGuid().ToString("N");
        var second = "job-" + Guid.NewGuid().ToString("N");
        var wokenFirst = 0;
        var wokenSecond = 0;
        using var a = signal.Subscribe(first, () => Interlocked.Increment(ref wokenFirst));
        using var b = signal.Subscribe(second, () => Interlocked.Increment(ref wokenSecond));
        var killed = signal.ListenerProcessId;
        killed.Should().NotBe(0);
        (await db.ScalarAsync<string>("SELECT application_name FROM pg_stat_activity WHERE pid = $1", killed)).Should().Be(NotificationListener.ApplicationName);

        (await db.ScalarAsync<bool>("SELECT pg_terminate_backend($1)", killed)).Should().BeTrue();

        (await Eventually.TrueAsync(() => !signal.IsListening)).Should().BeTrue("the listener reports that it is down");
        await signal.NotifyAsync(first);
        Volatile.Read(ref wokenFirst).Should().Be(1, "while down, the replica's own notification wakes its waits directly");
        (await Eventually.TrueAsync(() => signal.IsListening)).Should().BeTrue("the listener reconnects");
        signal.ListenerProcessId.Should().NotBe(killed).And.NotBe(0);
        (await Eventually.TrueAsync(() => Volatile.Read(ref wokenSecond) == 1)).Should().BeTrue("every subscriber is woken once when the listener is back");
        await Task.Delay(200);
        Volatile.Read(ref wokenSecond).Should().Be(1, "once");
        Volatile.Read(ref wokenFirst).Should().Be(2);

        await otherReplica.NotifyAsync(second);
        (await Eventually.TrueAsync(() => Volatile.Read(ref wokenSecond) == 2)).Should().BeTrue("the new connection listens");
    }

    [PostgresFact]
    public async Task Listener_DatabaseUnreachable_ReportsNotListening()
    {
        // A port nothing listens on: the listener keeps trying, and says it is not listening meanwhile.
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresDatabase.ConnectionString) { Port = 1, Timeout = 1 };
        await using var unreachable = Npgsql.NpgsqlDataSource.Create(builder.ConnectionString);
        await using var signal = new PostgreSqlJobCompletionSignal(unreachable, db.Options());
        var woken = 0;

        using var subscription = signal.Subscribe("job-1", () => Interlocked.Increment(ref woken));
        await Task.Delay(300);

        signal.IsListening.Should().BeFalse();
        await signal.Invoking(s => s.NotifyAsync("job-1")).Should().ThrowAsync<Npgsql.NpgsqlException>("a failed notify must fail the webhook delivery, so that it is retried");
        woken.Should().Be(0);
    }

    [PostgresFact]
    public async Task NotifyAsync_RecordsTheEventRowWithTheJobIdOnly()
    {
        await using var signal = new PostgreSqlJobCompletionSignal(_dataSources.New(), db.Options());
        var jobId = "job-" + Guid.NewGuid().ToString("N");

        await signal.NotifyAsync(jobId);

        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{db.Schema}\".job_events WHERE job_id = $1", jobId)).Should().Be(1);
    }

    [PostgresFact]
    public async Task DisposeAsync_ClosesTheListeningConnection()
    {
        var signal = new PostgreSqlJobCompletionSignal(_dataSources.New(), db.Options());
        using (var bound = new CancellationTokenSource(Eventually.Bound))
        {
            await signal.StartAsync(bound.Token);
        }

        var pid = signal.ListenerProcessId;

        await signal.DisposeAsync();

        signal.IsListening.Should().BeFalse();
        signal.ListenerProcessId.Should().Be(0);
        (await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2", pid, NotificationListener.ApplicationName))
            .Should().Be(0, "the session stopped listening (UNLISTEN) before its connection went back to the pool");
    }
}
