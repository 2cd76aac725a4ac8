namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>What a child replica does until it is killed. The connection string comes from the environment (never the
/// command line, which any user can read).</summary>
internal static class ChildReplica
{
    /// <summary>Takes a slot, says "held", and keeps it (renewing its lease) until the process is killed.</summary>
    public static async Task<int> HoldSlotAsync(string schema, string name, int limit, TimeSpan lease)
    {
        await using var dataSource = PostgresFixture.NewDataSource(maxPoolSize: 2);
        await using var limiter = new PostgreSqlJobConcurrencyLimiter(dataSource, new PostgreSqlCoordinationOptions { Schema = schema, SlotLeaseDuration = lease });
        await using var slot = await limiter.AcquireAsync(name, limit);
        Console.WriteLine("held");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
