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
        (await new FileJobLedger(LedgerPath).ListInFlightAsync()).Select(e => (e.EntryId, e.JobId)).Should().Equal(("a", null), ("b", "job-b"));
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
        var generationBefore = Generation(File.ReadAllLines(LedgerPath)[0]);
        for (var i = 0; i <= FileJobLedger.CompactionThreshold; i++)
        {
            await ledger.RenewLeasesAsync("me", Lease);   // heartbeats are records too
        }

        File.ReadAllLines(LedgerPath).Length.Should().BeLessThan(10);
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be("job-keep");
        (await ledger.FindEntryAsync("recent")).Should().Match<JobLedgerEntry>(e => e.State == JobLedgerState.Finished && e.FinalStatus == JobStatus.Failed, "its key stays taken for the retention");
        (await ledger.FindEntryAsync("old")).Should().BeNull("it finished before the retention");
        Generation(File.ReadAllLines(LedgerPath)[0]).Should().MatchRegex("^[0-9a-f]{32}$").And.NotBe(generationBefore, "a compacted file is a new generation");
        var reopened = new FileJobLedger(LedgerPath, clock);
        (await reopened.ListInFlightAsync()).Should().Equal(await ledger.ListInFlightAsync(), "the compacting ledger knows what reading the compacted file tells");
        (await reopened.FindEntryAsync("recent")).Should().Be(await ledger.FindEntryAsync("recent"));
        (await reopened.FindEntryAsync("old")).Should().BeNull();
    }

    [Fact]
    public async Task Compaction_LedgerWithMoreEntriesThanTheThreshold_WaitsForAsManyRecordsMoreAsItHasEntries()
    {
        // Each compaction rewrites every entry: waiting for as many records more keeps its cost per record bounded.
        const int Entries = FileJobLedger.CompactionThreshold + 44;
        var ledger = new FileJobLedger(LedgerPath);
        for (var i = 0; i < Entries; i++)
        {
            await ledger.ClaimAsync(Entry($"key-{i}", $"https://k{i}.test/"), Lease);
        }

        for (var i = 0; i < Entries; i++)
        {
            await ledger.RenewLeasesAsync("me", Lease);
        }

        File.ReadAllLines(LedgerPath).Should().HaveCount(1 + Entries + Entries, "the surplus is past the threshold but not past the entries");
        await ledger.RenewLeasesAsync("me", Lease);
        File.ReadAllLines(LedgerPath).Should().HaveCount(1 + Entries, "compacted");
        (await new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().HaveCount(Entries);
    }

    [Fact]
    public async Task ClaimAsync_NewFile_WritesAHeaderWithARandomGeneration()
    {
        await new FileJobLedger(LedgerPath).ClaimAsync(Entry("a", "https://a.test/"), Lease);
        var other = Path.Combine(_folder, "other.jsonl");
        await new FileJobLedger(other).ClaimAsync(Entry("a", "https://a.test/"), Lease);

        var header = File.ReadAllLines(LedgerPath)[0];
        header.Should().StartWith("{\"format\":\"geonode-job-ledger\",\"version\":2,\"generation\":\"");
        Generation(header).Should().MatchRegex("^[0-9a-f]{32}$").And.NotBe(Generation(File.ReadAllLines(other)[0]));
    }

    [Fact]
    public async Task TwoLedgersOnOneFile_EachAppends_EachSeesTheOthersRecords()
    {
        // Two instances on one file each keep their own cache, as two processes do.
        var first = new FileJobLedger(LedgerPath);
        var second = new FileJobLedger(LedgerPath);
        await first.ClaimAsync(Entry("a", "https://a.test/"), Lease);
        (await second.FindEntryAsync("a")).Should().NotBeNull();

        await second.ClaimAsync(Entry("b", "https://b.test/") with { Owner = "other" }, Lease);
        await second.RecordStartedAsync("a", "job-a");
        await first.RecordStartedAsync("b", "job-b");
        await first.RecordFinishedAsync("job-a", JobStatus.Completed);
        var claimAgain = await second.ClaimAsync(Entry("a", "https://a.test/") with { Owner = "other" }, Lease);

        claimAgain.IsOwner.Should().BeFalse("the first ledger's finish reached the second");
        claimAgain.Entry.State.Should().Be(JobLedgerState.Finished);
        (await second.ListInFlightAsync()).Select(e => (e.EntryId, e.JobId)).Should().Equal(("b", "job-b"));
        (await first.ListInFlightAsync()).Select(e => (e.EntryId, e.JobId)).Should().Equal(("b", "job-b"));
    }

    [Fact]
    public async Task TwoLedgersOnOneFile_AfterTheOtherCompactsAndTheFileGrowsPastWhatWasRead_ReadsTheNewFileFromTheStart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var first = new FileJobLedger(LedgerPath, clock) { FinishedRetention = TimeSpan.FromDays(1) };
        var second = new FileJobLedger(LedgerPath, clock) { FinishedRetention = TimeSpan.FromDays(1) };
        await first.ClaimAsync(Entry("old", "https://old.test/"), Lease);
        await first.RecordStartedAsync("old", "job-old");
        await first.RecordFinishedAsync("job-old", JobStatus.Completed);
        clock.Advance(TimeSpan.FromDays(2));
        await first.ClaimAsync(Entry("keep", "https://keep.test/"), Lease);
        (await first.FindEntryAsync("old")).Should().NotBeNull();
        var readByFirst = new FileInfo(LedgerPath).Length;

        await second.CompactAsync();
        for (var i = 0; i < 10; i++)
        {
            await second.ClaimAsync(Entry($"b-{i}", $"https://b{i}.test/") with { Owner = "other" }, Lease);
        }

        new FileInfo(LedgerPath).Length.Should().BeGreaterThan(readByFirst, "the test is about a replaced file that is not shorter");
        (await first.FindEntryAsync("old")).Should().BeNull("the other ledger's compaction dropped it");
        (await first.ListInFlightAsync()).Select(e => e.EntryId).Should().Equal(["keep", .. Enumerable.Range(0, 10).Select(i => $"b-{i}")]);
        await first.RecordStartedAsync("b-3", "job-b-3");
        (await second.FindAsync("job-b-3")).Should().NotBeNull("the second ledger sees what the first appends to the compacted file");
        (await new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().HaveCount(11);
    }

    [Fact]
    public async Task ListInFlightAsync_FileWithoutGenerationReplacedByALongerOne_IsReadFromTheStart()
    {
        // Earlier versions wrote headers without a generation, and so compact: the bytes before the read offset tell.
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        const string Header = "{\"format\":\"geonode-job-ledger\",\"version\":2}";
        File.WriteAllLines(LedgerPath, [Header, .. Enumerable.Range(0, 3).Select(i => ClaimLine($"x-{i}"))]);
        var ledger = new FileJobLedger(LedgerPath);
        (await ledger.ListInFlightAsync()).Should().HaveCount(3);

        File.WriteAllLines(LedgerPath + ".new", [Header, .. Enumerable.Range(0, 8).Select(i => ClaimLine($"y-{i}"))]);
        File.Move(LedgerPath + ".new", LedgerPath, overwrite: true);

        (await ledger.ListInFlightAsync()).Select(e => e.EntryId).Should().Equal(Enumerable.Range(0, 8).Select(i => $"y-{i}"));
    }

    [Fact]
    public async Task ListInFlightAsync_TornLastLineOfACrashedProcess_IsSkipped_AndTheRecordWrittenAfterItIsRead()
    {
        var reader = new FileJobLedger(LedgerPath);
        var writer = new FileJobLedger(LedgerPath);
        await reader.ClaimAsync(Entry("a", "https://a.test/"), Lease);
        (await writer.FindEntryAsync("a")).Should().NotBeNull();
        File.AppendAllText(LedgerPath, "{\"op\":\"started\",\"entry_id\":\"a\",\"job_id\":\"job-cra");   // the crashed process's last record

        (await reader.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().BeNull("a torn record is not read");
        await writer.RecordStartedAsync("a", "job-a");

        (await reader.FindAsync("job-a")).Should().Match<JobLedgerEntry>(e => e.EntryId == "a" && e.State == JobLedgerState.Started);
        (await reader.FindAsync("job-cra")).Should().BeNull();
        var lines = File.ReadAllLines(LedgerPath);
        lines[^2].Should().EndWith("job-cra", "the torn line stays a line of its own");
        lines[^1].Should().StartWith("{\"op\":\"started\"");
    }

    [Fact]
    public async Task Operations_OnALedgerThatOthersAppendTo_ReadOnlyWhatWasAppended()
    {
        var writer = new FileJobLedger(LedgerPath);
        for (var i = 0; i < 200; i++)
        {
            await writer.ClaimAsync(Entry($"key-{i}", $"https://k{i}.test/"), Lease);
        }

        var reader = new FileJobLedger(LedgerPath);
        (await reader.ListInFlightAsync()).Should().HaveCount(200);
        var length = new FileInfo(LedgerPath).Length;
        reader.BytesRead.Should().Be(length, "the first operation reads the file once");

        const int Operations = 50;
        for (var i = 0; i < Operations; i++)
        {
            await writer.RecordStartedAsync($"key-{i}", $"job-{i}");
            (await reader.FindAsync($"job-{i}")).Should().NotBeNull();
        }

        // Each later operation reads the header (to tell the file's generation), the bytes before its offset and what is new.
        var header = File.ReadLines(LedgerPath).First().Length + 1;
        var appended = new FileInfo(LedgerPath).Length - length;
        (reader.BytesRead - length).Should().BeLessOrEqualTo(appended + (Operations * (header + FileJobLedger.TailLength)));
        writer.BytesRead.Should().BeLessOrEqualTo((200 + Operations) * (header + FileJobLedger.TailLength), "a ledger never reads back what it wrote");
    }

    [Fact]
    public async Task ClaimAsync_32AtOnceInOneProcess_AllCompleteWithDistinctEntries_WithoutWaitingOnTheLockFile()
    {
        // A zero LockTimeout fails at once when the lock file is taken: callers of one process must queue before it.
        var shared = new FileJobLedger(LedgerPath) { LockTimeout = TimeSpan.Zero };
        var claims = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
        {
            var ledger = i % 2 == 0 ? shared : new FileJobLedger(LedgerPath) { LockTimeout = TimeSpan.Zero };
            return ledger.ClaimAsync(Entry($"key-{i}", "https://a.test/") with { Owner = $"owner-{i}" }, Lease);
        })));
        var races = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
        {
            var ledger = i % 2 == 0 ? shared : new FileJobLedger(LedgerPath) { LockTimeout = TimeSpan.Zero };
            return ledger.ClaimAsync(Entry("one-key", "https://a.test/") with { Owner = $"owner-{i}" }, Lease);
        })));

        claims.Should().OnlyContain(c => c.IsOwner);
        claims.Select(c => (c.Entry.EntryId, c.Entry.Owner)).Should().BeEquivalentTo(Enumerable.Range(0, 32).Select(i => ($"key-{i}", $"owner-{i}")));
        races.Where(c => c.IsOwner).Should().ContainSingle();
        races.Select(c => c.Entry.Owner).Distinct().Should().ContainSingle("every claimant sees the one owner");
        (await new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().HaveCount(33);
    }

    [Fact]
    public async Task ClaimAsync_LockFileHeldByAnotherProcess_ThrowsAfterTheLockTimeout_AndTheNextOperationRuns()
    {
        var ledger = new FileJobLedger(LedgerPath) { LockTimeout = TimeSpan.Zero };
        using (HoldLockFile())
        {
            await FluentActions.Awaiting(() => ledger.ClaimAsync(Entry("a", "https://a.test/"), Lease))
                .Should().ThrowAsync<IOException>().WithMessage("*stayed locked by another process*");
        }

        // Bounded: a turn the failure kept would hang the next operation.
        (await ledger.ClaimAsync(Entry("a", "https://a.test/"), Lease).WaitAsync(TimeSpan.FromSeconds(30))).IsOwner.Should().BeTrue("a failure releases the process's turn");
    }

    [Fact]
    public async Task ClaimAsync_LockFileHeldByAnotherProcess_RetriesOnTheClock_WhileCallersOfThisProcessWaitTheirTurn()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var first = new FileJobLedger(LedgerPath, clock);
        var second = new FileJobLedger(LedgerPath, clock) { LockTimeout = TimeSpan.Zero };
        Task<JobClaim> firstClaim, secondClaim;
        using (HoldLockFile())
        {
            firstClaim = first.ClaimAsync(Entry("a", "https://a.test/"), Lease);
            secondClaim = second.ClaimAsync(Entry("b", "https://b.test/"), Lease);
            firstClaim.IsCompleted.Should().BeFalse("the first waits on the clock for the other process");
            secondClaim.IsCompleted.Should().BeFalse("the second waits for the first, not on the lock file (it would fail at once)");
        }

        clock.Advance(TimeSpan.FromSeconds(1));

        (await firstClaim).IsOwner.Should().BeTrue();
        (await secondClaim).IsOwner.Should().BeTrue();
    }

    [Fact]
    public async Task ClaimAsync_CancelledWhileWaiting_ThrowsAndReleasesItsTurn()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var first = new FileJobLedger(LedgerPath, clock);
        var second = new FileJobLedger(LedgerPath, clock);
        using (HoldLockFile())
        {
            using var retrying = new CancellationTokenSource();
            using var queued = new CancellationTokenSource();
            var firstClaim = first.ClaimAsync(Entry("a", "https://a.test/"), Lease, retrying.Token);
            var secondClaim = second.ClaimAsync(Entry("b", "https://b.test/"), Lease, queued.Token);

            await queued.CancelAsync();
            await FluentActions.Awaiting(() => secondClaim).Should().ThrowAsync<OperationCanceledException>();
            firstClaim.IsCompleted.Should().BeFalse();
            await retrying.CancelAsync();
            await FluentActions.Awaiting(() => firstClaim).Should().ThrowAsync<OperationCanceledException>();
        }

        (await second.ClaimAsync(Entry("c", "https://c.test/"), Lease).WaitAsync(TimeSpan.FromSeconds(30))).IsOwner.Should().BeTrue("cancelled callers released their turns");
        (await first.ListInFlightAsync()).Select(e => e.EntryId).Should().Equal("c");
    }

    private static string Generation(string header) =>
        System.Text.Json.JsonDocument.Parse(header).RootElement.TryGetProperty("generation", out var g) ? g.GetString()! : string.Empty;

    private static string ClaimLine(string id) =>
        $"{{\"op\":\"claim\",\"entry_id\":\"{id}\",\"kind\":\"crawl\",\"at\":\"2026-12-01T10:00:00+00:00\",\"url\":\"https://{id}.test/\",\"owner\":\"old\",\"lease_until\":\"2026-12-01T10:00:30+00:00\"}}";

    /// <summary>Takes the lock file as another process would.</summary>
    private FileStream HoldLockFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        return new FileStream(LedgerPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
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
