using Geonode.Scraper.Conformance;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>
/// A replica (a child process) starts a batch under an idempotency key and is killed with SIGKILL: it releases nothing.
/// Another replica resumes the same job and waits for it to the end, and the API never sees a second POST: at once when the
/// dead replica had recorded the job id, and once its lease has expired when it died with its POST's answer still on the way.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KilledReplicaResumeTests(PostgresFixture db)
{
    /// <summary>How long a child replica may take to start (a cold .NET process on a busy machine) and do its first step.</summary>
    private static readonly TimeSpan ChildBound = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task ReplicaKilledWhileItsJobRuns_OtherReplicasResumeTheSameJobByKeyAndFromTheLedger_WithoutASecondPost()
    {
        // A slow.test page takes 30 × 100 ms: the job is still running when the replica that started it dies.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(50), PageTime = TimeSpan.FromMilliseconds(100), SlowFactor = 30 });
        var schema = db.NewSchemaName();
        var key = "import-" + Guid.NewGuid().ToString("N");
        string[] urls = ["https://www.slow.test/report", "https://docs.example.test/report"];
        using var child = StartChild(emulator, schema, key, urls);

        var line = await child.ReadLineAsync(ChildBound);
        line.Should().StartWith("started ", child.StandardError);
        var jobId = line![8..];
        child.KillHard();
        emulator.CreatedJobs.Should().ContainSingle().Which.Status.Should().BeOneOf(["queued", "processing"], "the replica died mid-job");

        await using var b = Replica.Start(emulator, schema);
        await using var c = Replica.Start(emulator, schema);
        var inFlight = (await c.Ledger.ListInFlightAsync()).Should().ContainSingle(e => e.EntryId == key).Which;
        inFlight.State.Should().Be(JobLedgerState.Started);
        inFlight.JobId.Should().Be(jobId);
        inFlight.Owner.Should().Contain($"/{child.Id}/", "the dead replica still owns the entry: its lease has not expired, and a started job needs no takeover");

        var fromLedger = await c.Client.ResumeOperationAsync(inFlight);
        var byKey = await b.Client.StartBatchOperationAsync(new BatchRequest { Urls = urls }, new JobStartOptions { IdempotencyKey = key });
        var jobs = await Task.WhenAll(
            fromLedger.Should().BeOfType<BatchOperation>().Subject.WaitForCompletionAsync(),
            byKey.WaitForCompletionAsync()).WaitAsync(TimeSpan.FromSeconds(60));

        fromLedger.JobId.Should().Be(jobId);
        byKey.JobId.Should().Be(jobId);
        jobs.Should().AllSatisfy(job =>
        {
            job.Status.Should().Be(JobStatus.Completed);
            job.CompletedUrls.Should().Be(2);
        });
        emulator.CountRequests("POST", "/v1/batch").Should().Be(1, "the job was started once, by the replica that died");
        emulator.CreatedJobs.Should().ContainSingle();
        (await b.Ledger.FindEntryAsync(key))!.State.Should().Be(JobLedgerState.Finished, "the wait that saw the end recorded it");
        (await b.Ledger.ListInFlightAsync()).Should().NotContain(e => e.EntryId == key);
    }

    [PostgresFact]
    public async Task ReplicaKilledBeforeItsPostWasAnswered_AnotherReplicaWaitsForTheLease_ThenFindsTheJobAndNeverPostsAgain()
    {
        // The POST is processed (the job exists) but its answer comes a byte every 10 s: the replica dies waiting for it,
        // with its entry in 'sending' — it may have started the job, so nobody may send the POST again.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(50), PageTime = TimeSpan.FromMilliseconds(100) });
        emulator.Faults.TrickleNext("POST /v1/batch", 1, TimeSpan.FromSeconds(10));
        var schema = db.NewSchemaName();
        var key = "import-" + Guid.NewGuid().ToString("N");
        string[] urls = ["https://docs.example.test/a", "https://docs.example.test/b", "https://docs.example.test/c"];
        using var child = StartChild(emulator, schema, key, urls);

        (await Eventually.TrueAsync(() => emulator.CreatedJobs.Count == 1, ChildBound)).Should().BeTrue(child.StandardError);
        (await db.ScalarAsync<string>($"SELECT state FROM \"{schema}\".job_ledger WHERE entry_id = $1", key)).Should().Be("sending");
        child.KillHard();
        var created = emulator.CreatedJobs.Single();

        await using var b = Replica.Start(emulator, schema);
        var resuming = b.Client.StartBatchOperationAsync(new BatchRequest { Urls = urls }, new JobStartOptions { IdempotencyKey = key });

        // The dead owner's lease (30 s, renewed every 10 s while it lived) holds: the other replica waits, sends nothing.
        await Task.WhenAny(resuming, Task.Delay(TimeSpan.FromSeconds(1.5)));
        resuming.IsCompleted.Should().BeFalse("the entry is another owner's until its lease expires");
        emulator.CountRequests("GET", "/v1/batch/jobs").Should().Be(0, "not even a look for the job before the lease expires");

        // What 30 s of the database's clock would do (leases run on now(), which a test cannot move; the client's lease is
        // not an option).
        (await db.ScalarAsync<long>($"WITH expired AS (UPDATE \"{schema}\".job_ledger SET lease_expires_at = now() WHERE entry_id = $1 RETURNING 1) SELECT count(*) FROM expired", key)).Should().Be(1);
        var operation = await resuming.WaitAsync(TimeSpan.FromSeconds(30));
        var job = await operation.WaitForCompletionAsync().WaitAsync(TimeSpan.FromSeconds(60));

        operation.JobId.Should().Be(created.Id, "the replica found the job the dead one had started");
        job.Status.Should().Be(JobStatus.Completed);
        job.CompletedUrls.Should().Be(3);
        emulator.CountRequests("POST", "/v1/batch").Should().Be(1, "the POST was never sent again: {0}", string.Join("; ", emulator.Requests.Select(r => $"{r.Method} {r.Path}{r.Query} {r.StatusCode} {r.Fault}")));
        emulator.CountRequests("GET", "/v1/batch/jobs").Should().BeGreaterThanOrEqualTo(1, "the job was looked for on the list");
        emulator.CreatedJobs.Should().ContainSingle();
        var entry = (await b.Ledger.FindEntryAsync(key))!;
        entry.JobId.Should().Be(created.Id);
        entry.State.Should().Be(JobLedgerState.Finished);
        (await db.ScalarAsync<string>($"SELECT previous_owner FROM \"{schema}\".job_ledger WHERE entry_id = $1", key)).Should().Contain($"/{child.Id}/", "the entry was taken over from the dead replica");
    }

    private static ChildProcess StartChild(ScraperEmulator emulator, string schema, string key, string[] urls) =>
        ChildProcess.Start(
            new Dictionary<string, string> { [ScraperClientOptions.ApiKeyEnvironmentVariable] = emulator.ApiKey },
            "start-batch", schema, emulator.BaseAddress.ToString(), key, string.Join(',', urls));
}
