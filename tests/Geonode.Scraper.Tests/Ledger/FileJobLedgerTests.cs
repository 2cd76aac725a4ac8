namespace Geonode.Scraper.Tests.Ledger;

public sealed class FileJobLedgerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-ledger-").FullName;

    private string LedgerPath => Path.Combine(_folder, "sub", "jobs.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ListInFlightAsync_AfterIntentStartAndFinish_ListsOnlyWhatIsInFlight()
    {
        var ledger = new FileJobLedger(LedgerPath);
        await ledger.RecordIntentAsync(Entry("a", "https://a.test/"));
        await ledger.RecordIntentAsync(Entry("b", "https://b.test/"));
        await ledger.RecordIntentAsync(Entry("c", "https://c.test/"));
        await ledger.RecordIntentAsync(Entry("d", "https://d.test/"));
        await ledger.RecordStartedAsync("a", "job-a");
        await ledger.RecordStartedAsync("b", "job-b");
        await ledger.RecordFinishedAsync("job-b", JobStatus.Completed);
        await ledger.RecordNotStartedAsync("c");
        await ledger.RecordFinishedAsync("job-unknown", JobStatus.Completed);

        var inFlight = await new FileJobLedger(LedgerPath).ListInFlightAsync();

        inFlight.Select(e => (e.EntryId, e.JobId)).Should().Equal(("a", "job-a"), ("d", null));
        inFlight[0].Should().BeEquivalentTo(Entry("a", "https://a.test/") with { JobId = "job-a" });
        File.ReadAllLines(LedgerPath).Should().HaveCount(1 + 8, "a job the ledger does not know is not recorded");
    }

    [Fact]
    public async Task ListInFlightAsync_TornAndCorruptLines_AreSkipped()
    {
        var ledger = new FileJobLedger(LedgerPath);
        await ledger.RecordIntentAsync(Entry("a", "https://a.test/"));
        File.AppendAllText(LedgerPath, "not json at all\n{\"op\":\"started\",\"entry_id\":\"a\",\"job");   // a torn last line

        await ledger.RecordIntentAsync(Entry("b", "https://b.test/"));
        await ledger.RecordStartedAsync("b", "job-b");

        (await ledger.ListInFlightAsync()).Select(e => (e.EntryId, e.JobId)).Should().Equal(("a", null), ("b", "job-b"));
    }

    [Fact]
    public async Task ListInFlightAsync_FileOfANewerVersion_Throws()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        File.WriteAllText(LedgerPath, "{\"format\":\"geonode-job-ledger\",\"version\":2}\n");

        await FluentActions.Awaiting(() => new FileJobLedger(LedgerPath).ListInFlightAsync()).Should().ThrowAsync<InvalidDataException>().WithMessage("*newer version*");
    }

    [Fact]
    public async Task RecordIntentAsync_CreatesTheFileOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await new FileJobLedger(LedgerPath).RecordIntentAsync(Entry("a", "https://a.test/"));

        File.GetUnixFileMode(LedgerPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(LedgerPath + ".lock").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Records_FromManyWritersAtOnce_AreAllKept()
    {
        // Each writer is a ledger of its own on the same file, as separate processes are: the lock file serialises them.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var ledger = new FileJobLedger(LedgerPath);
            for (var i = 0; i < 25; i++)
            {
                await ledger.RecordIntentAsync(Entry($"{w}-{i}", "https://a.test/"));
                await ledger.RecordStartedAsync($"{w}-{i}", $"job-{w}-{i}");
            }
        })));

        var inFlight = await new FileJobLedger(LedgerPath).ListInFlightAsync();
        inFlight.Should().HaveCount(100).And.OnlyContain(e => e.JobId == "job-" + e.EntryId);
    }

    [Fact]
    public async Task RecordFinishedAsync_ManyFinishedEntries_CompactsTheFile()
    {
        var ledger = new FileJobLedger(LedgerPath);
        await ledger.RecordIntentAsync(Entry("keep", "https://keep.test/"));
        await ledger.RecordStartedAsync("keep", "job-keep");
        for (var i = 0; i <= FileJobLedger.CompactionThreshold; i++)
        {
            await ledger.RecordIntentAsync(Entry($"e{i}", "https://a.test/"));
            await ledger.RecordStartedAsync($"e{i}", $"job-{i}");
            await ledger.RecordFinishedAsync($"job-{i}", JobStatus.Completed);
        }

        File.ReadAllLines(LedgerPath).Length.Should().BeLessThan(10);
        (await ledger.ListInFlightAsync()).Should().ContainSingle().Which.JobId.Should().Be("job-keep");
    }

    private static JobLedgerEntry Entry(string id, string url) => new()
    {
        EntryId = id,
        Kind = JobLedgerEntry.CrawlKind,
        RecordedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        Url = url,
        RequestJson = "{\"url\":\"" + url + "\"}",
    };
}
