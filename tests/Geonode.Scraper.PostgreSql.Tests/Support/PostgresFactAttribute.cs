namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>A fact that needs PostgreSQL: skipped at discovery with the command to run when it is not reachable, unless
/// <c>GEONODE_REQUIRE_POSTGRES=1</c> (then it runs, and fails with the reason).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresDatabase.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
