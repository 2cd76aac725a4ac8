namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>Every test class that uses PostgreSQL: one schema per run (<see cref="PostgresFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
