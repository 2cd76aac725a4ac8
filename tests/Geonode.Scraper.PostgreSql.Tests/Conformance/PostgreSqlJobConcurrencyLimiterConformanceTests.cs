using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Conformance;

/// <summary>The limiter contract on PostgreSQL: two limiters on data sources of their own share the slots.</summary>
[Collection(PostgresCollection.Name)]
[PostgresAvailable]
public sealed class PostgreSqlJobConcurrencyLimiterConformanceTests(PostgresFixture db) : JobConcurrencyLimiterConformanceTests
{
    protected override IJobConcurrencyLimiter CreateLimiter() => new PostgreSqlJobConcurrencyLimiter(db.Replica(0), db.Options());

    protected override IJobConcurrencyLimiter CreateLimiterOnSameStore() => new PostgreSqlJobConcurrencyLimiter(db.Replica(1), db.Options());
}
