using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Conformance;

/// <summary>The signal contract on PostgreSQL: two signals on data sources of their own, each with its listening connection.</summary>
[Collection(PostgresCollection.Name)]
[PostgresAvailable]
public sealed class PostgreSqlJobCompletionSignalConformanceTests(PostgresFixture db) : JobCompletionSignalConformanceTests
{
    protected override IJobCompletionSignal CreateSignal() => new PostgreSqlJobCompletionSignal(db.Replica(0), db.Options());

    protected override IJobCompletionSignal CreateSignalOnSameStore() => new PostgreSqlJobCompletionSignal(db.Replica(1), db.Options());

    protected override async Task WaitUntilListeningAsync(IJobCompletionSignal signal)
    {
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await ((PostgreSqlJobCompletionSignal)signal).StartAsync(bound.Token);
    }
}
