using Geonode.Scraper.PostgreSql.Tests.Replicas;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>A replica of an application (its container, the PostgreSQL coordination on <paramref name="schema"/>) that
    /// starts a batch under <paramref name="key"/>, says "started {job id}", and waits for it until the process is killed.
    /// The API key comes from the SDK's environment variable.</summary>
    public static async Task<int> StartBatchAsync(string schema, Uri emulator, string key, string[] urls)
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.BaseAddress = emulator;
            o.Polling = Replica.FastPolling();
        }).AddPostgreSqlCoordination(Replica.ConnectionString(maxPoolSize: 4), o => o.Schema = schema);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();

        var operation = await client.StartBatchOperationAsync(new BatchRequest { Urls = urls }, new JobStartOptions { IdempotencyKey = key });
        Console.WriteLine($"started {operation.JobId}");
        await operation.WaitForCompletionAsync();
        Console.WriteLine("completed");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
