using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Conformance;

/// <summary>The ledger contract on PostgreSQL: "another process" is a ledger on a data source of its own; leases expire on
/// the database's clock, so the tests that let one expire wait for it.</summary>
[Collection(PostgresCollection.Name)]
[PostgresAvailable]
public sealed class PostgreSqlJobLedgerConformanceTests(PostgresFixture db) : JobLedgerConformanceTests
{
    protected override IJobLedger CreateLedger() => new PostgreSqlJobLedger(db.Replica(0), db.Options());

    protected override IJobLedger CreateLedgerOnSameStore() => new PostgreSqlJobLedger(db.Replica(1), db.Options());

    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by);
}
