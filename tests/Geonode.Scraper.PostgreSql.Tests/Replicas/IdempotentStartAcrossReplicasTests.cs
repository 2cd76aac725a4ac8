using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>The same work submitted many times at once on three replicas (a redelivered queue message, a retried request
/// that lands on another pod): one POST per idempotency key at the API, and one job for every submission of the key.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IdempotentStartAcrossReplicasTests(PostgresFixture db)
{
    [PostgresFact]
    public async Task StartBatchOperationAsync_500ConcurrentSubmissionsOf50KeysOnThreeReplicas_OnePostPerKey_AndEverySubmissionGetsTheKeysJob()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(20), PageTime = TimeSpan.FromMilliseconds(10) });
        var schema = db.NewSchemaName();
        await using var a = Replica.Start(emulator, schema, maxPoolSize: 8);
        await using var b = Replica.Start(emulator, schema, maxPoolSize: 8);
        await using var c = Replica.Start(emulator, schema, maxPoolSize: 8);
        Replica[] replicas = [a, b, c];
        var run = Guid.NewGuid().ToString("N")[..8];
        string Key(int k) => $"order-{run}-{k}";
        string Url(int k) => $"https://docs.example.test/orders/{run}/{k}";
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var submissions = Enumerable.Range(0, 500).Select(i => Task.Run(async () =>
        {
            await go.Task;
            var key = i % 50;
            var operation = await replicas[i % 3].Client.StartBatchOperationAsync(
                new BatchRequest { Urls = [Url(key)] }, new JobStartOptions { IdempotencyKey = Key(key) });
            return (Key: key, operation.JobId);
        })).ToArray();
        go.SetResult();
        var started = await Task.WhenAll(submissions).WaitAsync(TimeSpan.FromSeconds(60));

        emulator.CountRequests("POST", "/v1/batch").Should().Be(50, "one replica sends the POST of each key, once");
        var created = emulator.CreatedJobs;
        created.Should().HaveCount(50);
        var urlOf = created.ToDictionary(j => j.Id, j => j.Urls.Single());
        foreach (var key in started.GroupBy(s => s.Key))
        {
            key.Should().HaveCount(10);
            var jobId = key.Select(s => s.JobId).Distinct().Should().ContainSingle("every submission of key {0} gets the same job", key.Key).Which;
            urlOf[jobId].Should().Be(Url(key.Key), "the job of key {0} is the one started for its work", key.Key);
        }

        started.Select(s => s.JobId).Distinct().Should().HaveCount(50, "no two keys share a job");
        (await db.ScalarAsync<long>($"SELECT count(DISTINCT job_id) FROM \"{schema}\".job_ledger WHERE entry_id LIKE $1 AND state = 'started'", $"order-{run}-%"))
            .Should().Be(50, "the shared ledger holds each key with its job");
    }
}
