using System.Text.Json;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>Exports of crawls and batches over real sockets: hostile URLs stay inside the folder, reruns write only what is
/// missing, and every page ends up written once.</summary>
public sealed class ExportTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly IScraperClient _client = fixture.Client;
    private readonly string _sandbox = Directory.CreateTempSubdirectory("geonode-export-").FullName;

    private string Out => Path.Combine(_sandbox, "out");

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    [Fact]
    public async Task ExportCrawlAsync_HostileUrls_WritesEveryPageInsideTheFolder()
    {
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://hostile.test/", Depth = 2 });

        var result = await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });

        var pages = await _client.GetCrawlPagesAsync(crawl.JobId).ToListAsync();
        pages.Select(p => p.Url).Should().Contain(["https://hostile.test/docs/../../etc/passwd", "https://hostile.test/docs/%2e%2e/%2e%2e/secret", "https://hostile.test/CON", "https://hostile.test/" + new string('a', 300)]);
        Directory.GetFileSystemEntries(_sandbox).Should().Equal([Out], "nothing is written beside the export folder");
        var files = Directory.GetFiles(Out, "*.md", SearchOption.AllDirectories);
        files.Should().HaveCount(pages.Count(p => p.Status == JobStatus.Completed)).And.HaveCount(result.Counts.Written);
        files.Select(f => Path.GetFileName(f)).Should().NotContain(f => f.Equals("CON.md", StringComparison.OrdinalIgnoreCase) || f.Length > 140);
        File.ReadAllText(Path.Combine(Out, "hostile.test", "%43ON.md")).Should().StartWith("# hostile.test/CON");
        File.Exists(Path.Combine(Out, "hostile.test", "docs", "%2E%2E", "%2E%2E", "etc", "passwd.md")).Should().BeTrue();
        result.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task ExportCrawlAsync_Rerun_WritesOnlyWhatIsMissing()
    {
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.rerun.test/", Depth = 3 });
        var first = await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });
        var files = Directory.GetFiles(Out, "*.md", SearchOption.AllDirectories).Order().ToArray();
        File.Delete(files[1]);
        File.Delete(files[^1]);
        var untouched = File.GetLastWriteTimeUtc(files[0]);
        var reported = new List<ExportProgress>();

        var second = await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } }, new SyncProgress<ExportProgress>(reported.Add));

        first.Counts.Written.Should().Be(files.Length);
        second.Counts.Should().Be(new ExportProgress { Written = 2, AlreadyExported = files.Length - 2 });
        reported.Should().HaveCountGreaterThan(files.Length, "every page and every snapshot is reported");
        (reported[^1] with { Job = null }).Should().Be(second.Counts);
        reported[^1].Job.Should().BeOfType<CrawlJob>().Which.Status.Should().Be(JobStatus.Completed);
        Directory.GetFiles(Out, "*.md", SearchOption.AllDirectories).Order().Should().Equal(files);
        File.GetLastWriteTimeUtc(files[0]).Should().Be(untouched);
        Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task ExportCrawlAsync_FailedPages_AreRecordedNotDropped()
    {
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.partial.test/", Depth = 3 });

        var result = await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });
        var again = await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });

        result.Failures.Select(f => f.Url).Should().BeEquivalentTo(
            "https://docs.partial.test/p/7", "https://docs.partial.test/p/14", "https://docs.partial.test/p/21", "https://docs.partial.test/p/28");
        result.Counts.Failed.Should().Be(4);
        again.Failures.Should().BeEquivalentTo(result.Failures, "a rerun reports the failures its manifest records");
        again.Counts.Should().Be(new ExportProgress { AlreadyExported = result.Counts.Written + 4 });
    }

    [Fact]
    public async Task ExportBatchAsync_Jsonl_TornTailAndRerun_EachItemExactlyOnce()
    {
        var urls = Enumerable.Range(0, 60).Select(i => $"https://bulk.export.test/item/{i % 50}").ToArray();   // 10 URLs twice
        var batch = await _client.StartBatchAsync(new BatchRequest { Urls = urls });
        var first = await _client.GetBatchOperation(batch.JobId).ExportAsync(Out, new ExportOptions { Format = ExportFormat.Jsonl, Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });
        var path = first.OutputPath!;
        var lines = File.ReadAllLines(path);

        // As if the process had died mid-write: the last five lines are gone and a sixth is torn.
        File.WriteAllText(path, string.Join("\n", lines.Take(54)) + "\n" + lines[54][..20]);
        var second = await _client.GetBatchOperation(batch.JobId).ExportAsync(Out, new ExportOptions { Format = ExportFormat.Jsonl, Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });

        first.Counts.Written.Should().Be(60);
        second.Counts.Should().Be(new ExportProgress { Written = 6, AlreadyExported = 54 });
        var indexes = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("input_index").GetInt32()).ToList();
        indexes.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(0, 60));
    }

    [Fact]
    public async Task ExportBatchAsync_SameUrlTwice_TwoFilesWithStableNames()
    {
        var batch = await _client.StartBatchAsync(new BatchRequest { Urls = ["https://twice.test/a", "https://twice.test/A", "https://twice.test/a"] });

        await _client.GetBatchOperation(batch.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });
        var names = Directory.GetFiles(Path.Combine(Out, "twice.test")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        File.Delete(Path.Combine(Out, "twice.test", names[2]!));
        await _client.GetBatchOperation(batch.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } });

        names.Should().HaveCount(3).And.Contain("a.md");
        names.Where(n => n != "a.md").Should().AllSatisfy(n => n.Should().MatchRegex("^[aA]~[0-9a-f]{10}\\.md$"), "letter case alone never tells files apart");
        Directory.GetFiles(Path.Combine(Out, "twice.test")).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(names);
    }

    [Fact]
    public async Task ExportCrawlAsync_SecondExportIntoTheSameFolderAtOnce_Fails()
    {
        var crawl = await _client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        Task<ExportResult>? second = null;

        // The second export starts while the first one is reporting its first page, so the first holds the folder.
        await _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out, new ExportOptions { Wait = new JobWaitOptions { Polling = EmulatorFixture.FastPolling() } }, new SyncProgress<ExportProgress>(_ => second ??= _client.GetCrawlOperation(crawl.JobId).ExportAsync(Out)));

        await FluentActions.Awaiting(() => second!).Should().ThrowAsync<IOException>().WithMessage("Another export is writing into*");
    }
}
