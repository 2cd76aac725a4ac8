using Geonode.Scraper.Conformance;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Conformance;

/// <summary>The token budget store contract on PostgreSQL: two stores on data sources of their own.</summary>
[Collection(PostgresCollection.Name)]
[PostgresAvailable]
public sealed class PostgreSqlTokenBudgetStoreConformanceTests(PostgresFixture db) : TokenBudgetStoreConformanceTests
{
    protected override ITokenBudgetStore CreateStore() => new PostgreSqlTokenBudgetStore(db.Replica(0), db.Options());

    protected override ITokenBudgetStore CreateStoreOnSameStore() => new PostgreSqlTokenBudgetStore(db.Replica(1), db.Options());
}
