using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.Tests.Ledger;

/// <summary>What is particular to the file: its format, torn lines, permissions, the lock between processes, compaction and
/// files of version 0.1. The ledger contract itself (claims, leases, states) is checked by the conformance suite.</summary>
public sealed class FileJobLedgerTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-ledger-").FullName;

    private string LedgerPath => Path.Combine(_folder, "sub", "jobs.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ListInFlightAsync_AfterClaimsStartsAndFinishes_ListsOnlyWhatIsInFlight_FromANewInstance()
    {
        var ledger = new FileJobLedger(LedgerPath);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await ledger.ClaimAsync(Entry(id, $"https://{id}.test/"), Lease);
            await ledger.TryRecordSendingAsync(id, "me");
        }

        await ledger.RecordStartedAsync("a", "job-a");
        await ledger.RecordStartedAsync("b", "job-b");
        await ledger.RecordFinishedAsync("job-b", JobStatus.Completed);
        await ledger.RecordNotStartedAsync("c");
        await ledger.RecordFinishedAsync("job-unknown", JobStatus.Completed);

        var reopened = new FileJobLedger(LedgerPath);
        var inFlight = await reopened.ListInFlightAsync();

        inFlight.Select(e => (e.EntryId, e.JobId, e.State)).Should().Equal(("a", "job-a", JobLedgerState.Started), ("d", null, JobLedgerState.Sending));
        inFlight[0].Should().BeEquivalentTo(Entry("a", "https://a.test/") with { JobId = "job-a", State = JobLedgerState.Started }, o => o.Excluding(e => e.LeaseExpiresAt));
        (await reopened.FindAsync("job-b")).Should().Match<JobLedgerEntry>(e => e.State == JobLedgerState.Finished && e.FinalStatus == JobStatus.Completed);
        File.ReadAllLines(LedgerPath).Should().HaveCount(1 + 4 + 4 + 2 + 1 + 1, "a job the ledger does not know is not recorded");
    }

    [Fact]
    public async Task ListInFlightAsync_TornAndCorruptLines_AreSkipped()
    {
        var ledger = new FileJobLedger(LedgerPath);
        await ledger.ClaimAsync(Entry("a", "https://a.test/"), Lease);
        File.AppendAllText(LedgerPath, "not json at all\n{\"op\":\"started\",\"entry_id\":\"a\",\"job");   // a torn last line

        await ledger.ClaimAsync(Entry("b", "https://b.test/"), Lease);
        await ledger.RecordStartedAsync("b", "job-b");

        (await ledger.ListInFlightAsync()).Select(e => (e.EntryId, e.JobId)).Should().Equal(("a", null), ("b", "job-b"));
    }

    [Fact]
    public async Task ListInFlightAsync_FileOfANewerVersion_Throws()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        File.WriteAllText(LedgerPath, "{\"format\":\"geonode-job-ledger\",\"version\":3}\n");

        await FluentActions.Awaiting(() => new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().ThrowAsync<InvalidDataException>().WithMessage("*newer version*");
    }

    [Fact]
    public async Task ClaimAsync_FileOfVersion1_ReadsItsEntriesAndTakesOverTheOneWhoseRequestMayHaveArrived()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        File.WriteAllLines(LedgerPath,
        [
            "{\"format\":\"geonode-job-ledger\",\"version\":1}",
            "{\"op\":\"intent\",\"entry_id\":\"old-1\",\"kind\":\"crawl\",\"at\":\"2026-11-30T10:00:00+00:00\",\"url\":\"https://old.test/\"}",
            "{\"op\":\"started\",\"entry_id\":\"old-1\",\"job_id\":\"job-old-1\"}",
            "{\"op\":\"intent\",\"entry_id\":\"old-2\",\"kind\":\"batch\",\"at\":\"2026-11-30T10:01:00+00:00\",\"url_count\":3}",
        ]);
        var ledger = new FileJobLedger(LedgerPath);

        (await ledger.ListInFlightAsync()).Select(e => (e.EntryId, e.JobId, e.State)).Should().Equal(("old-1", "job-old-1", JobLedgerState.Started), ("old-2", null, JobLedgerState.Sending));
        var claim = await ledger.ClaimAsync(Entry("old-2", "https://ignored.test/") with { Kind = JobLedgerEntry.BatchKind }, Lease);

        claim.IsOwner.Should().BeTrue("a 0.1 entry has no owner, like one whose lease expired");
        claim.TookOver.Should().BeTrue();
        claim.Entry.State.Should().Be(JobLedgerState.Sending, "its request may have reached the server: the new owner looks for the job");
        claim.Entry.UrlCount.Should().Be(3);
    }

    [Fact]
    public async Task ClaimAsync_CreatesTheFilesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await new FileJobLedger(LedgerPath).ClaimAsync(Entry("a", "https://a.test/"), Lease);

        File.GetUnixFileMode(LedgerPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(LedgerPath + ".lock").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task ClaimAsync_FromManyLedgersOnOneFileAtOnce_EachKeyHasExactlyOneOwner()
    {
        // Each writer is a ledger of its own on the same file, as separate processes are: the lock file makes a claim atomic.
        var owners = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var ledger = new FileJobLedger(LedgerPath);
            var won = new List<string>();
            for (var i = 0; i < 25; i++)
            {
                var claim = await ledger.ClaimAsync(Entry($"key-{i}", "https://a.test/") with { Owner = $"writer-{w}" }, Lease);
                if (claim.IsOwner)
                {
                    won.Add(claim.Entry.EntryId);
                    await ledger.RecordStartedAsync(claim.Entry.EntryId, $"job-{i}");
                }
            }

            return won;
        })));

        owners.SelectMany(w => w).Should().HaveCount(25).And.OnlyHaveUniqueItems();
        (await new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().HaveCount(25).And.OnlyContain(e => e.JobId == "job-" + e.EntryId.Substring(4));
    }

    [Fact]
    public async Task Compaction_KeepsWhatIsInFlightAndRecentlyFinished_DropsWhatFinishedBeforeTheRetention()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var ledger = new FileJobLedger(LedgerPath, clock) { FinishedRetention = TimeSpan.FromDays(1) };
        await ledger.ClaimAsync(Entry("keep", "https://keep.test/"), Lease);
        await ledger.RecordStartedAsync("keep", "job-keep");
        await ledger.ClaimAsync(Entry("old", "https://old.test/"), Lease);
        await ledger.RecordStartedAsync("old", "job-old");
        await ledger.RecordFinishedAsync("job-old", JobStatus.Completed);
        clock.Advance(TimeSpan.FromDays(2));
        await ledger.ClaimAsync(Entry("recent", "https://recent.test/"), Lease);
        await ledger.RecordStartedAsync("recent", "job-recent");
        await ledger.RecordFinishedAsync("job-recent", JobStatus.Failed);
        for (var i = 0; i <= FileJobLedger.CompactionThreshold; i++)
        {
            await ledger.RenewLeasesAsync("me", Lease);   // heartbeats are records too
        }

        File.ReadAllLines(LedgerPath).Length.Should().BeLessThan(10);
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be("job-keep");
        (await ledger.FindEntryAsync("recent")).Should().Match<JobLedgerEntry>(e => e.State == JobLedgerState.Finished && e.FinalStatus == JobStatus.Failed, "its key stays taken for the retention");
        (await ledger.FindEntryAsync("old")).Should().BeNull("it finished before the retention");
        File.ReadAllLines(LedgerPath)[0].Should().Be("{\"format\":\"geonode-job-ledger\",\"version\":2}");
    }

    private static JobLedgerEntry Entry(string id, string url) => new()
    {
        EntryId = id,
        Kind = JobLedgerEntry.CrawlKind,
        RecordedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        Url = url,
        RequestJson = "{\"url\":\"" + url + "\"}",
        Owner = "me",
    };
}
