using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>The conformance suites of a class skip like <see cref="PostgresFactAttribute"/> when PostgreSQL is not reachable.</summary>
public sealed class PostgresAvailableAttribute : BackendAvailabilityAttribute
{
    public override string? SkipReason => PostgresDatabase.SkipReason;
}
