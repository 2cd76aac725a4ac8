using System.Text.Json;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// Issue 15, item 6 (export): an export never deletes what it did not write. A folder that holds another job's export, or
/// other files, is refused with an error naming the folder and both jobs, and nothing in it changes; with
/// <see cref="ExportOptions.Overwrite"/> only the files the earlier export wrote go; the SDK's own <c>.geonode*</c> files
/// (a job ledger kept beside the export) do not make a folder "in use".
/// </summary>
public sealed class ExportFolderTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-export-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ExportFormat.Jsonl, ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Markdown, ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Jsonl, ExportFormat.Markdown)]
    public async Task ExportAsync_FolderHoldsAnotherJobsExport_ThrowsNamingTheFolderAndBothJobs_AndEveryFileStays(ExportFormat first, ExportFormat second)
    {
        var earlier = await StartAsync("https://docs.example.test/a", "https://docs.example.test/b");
        await earlier.ExportAsync(_folder, new ExportOptions { Format = first });
        var before = Snapshot();
        var later = await StartAsync("https://docs.example.test/c");
        var reads = fixture.Emulator.CountRequests("GET", "/v1/batch/" + later.JobId);

        var ex = (await FluentActions.Awaiting(() => later.ExportAsync(_folder, new ExportOptions { Format = second }))
            .Should().ThrowAsync<ExportFolderInUseException>()).Which;

        ex.Directory.Should().Be(Path.GetFullPath(_folder));
        (ex.JobId, ex.ExistingJobId).Should().Be((later.JobId, earlier.JobId));
        ex.Message.Should().Contain(Path.GetFullPath(_folder)).And.Contain(earlier.JobId).And.Contain(later.JobId);
        Snapshot().Should().BeEquivalentTo(before, "nothing is deleted, truncated or added");
        fixture.Emulator.CountRequests("GET", "/v1/batch/" + later.JobId).Should().Be(reads, "the folder is refused before anything is read");
    }

    [Theory]
    [InlineData(ExportFormat.Markdown)]
    [InlineData(ExportFormat.Jsonl)]
    public async Task ExportAsync_OverwriteAnotherJobsExport_ReplacesOnlyWhatThatExportWrote_TheUsersFilesSurvive(ExportFormat earlierFormat)
    {
        var earlier = await StartAsync("https://docs.example.test/a", "https://docs.example.test/b");
        await earlier.ExportAsync(_folder, new ExportOptions { Format = earlierFormat });
        var earlierFiles = WrittenBy(earlier.JobId);
        earlierFiles.Should().NotBeEmpty();
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(_folder, "docs.example.test"));
        File.WriteAllText(Path.Combine(_folder, "docs.example.test", "my-page.md"), "also mine");
        var later = await StartAsync("https://docs.example.test/b", "https://other.example.test/x");

        var result = await later.ExportAsync(_folder, new ExportOptions { Format = ExportFormat.Markdown, Overwrite = true });

        File.ReadAllText(Path.Combine(_folder, "notes.txt")).Should().Be("mine");
        File.ReadAllText(Path.Combine(_folder, "docs.example.test", "my-page.md")).Should().Be("also mine");
        var laterFiles = WrittenBy(later.JobId);
        laterFiles.Should().HaveCount(2);
        foreach (var gone in earlierFiles.Except(laterFiles))
        {
            File.Exists(Path.Combine(_folder, gone)).Should().BeFalse($"{gone} was written by the earlier export, which Overwrite replaces");
        }

        Snapshot().Keys.Should().BeEquivalentTo([.. laterFiles, ".geonode-export.jsonl", "receipt.json", "notes.txt", Path.Combine("docs.example.test", "my-page.md")]);
        result.Receipt!.JobId.Should().Be(later.JobId);
    }

    [Fact]
    public async Task ExportAsync_NonEmptyFolderWithoutAManifest_IsRefused_AndTheFolderIsLeftAsItWas()
    {
        File.WriteAllText(Path.Combine(_folder, "report.md"), "# my report");
        var batch = await StartAsync("https://docs.example.test/a");

        var ex = (await FluentActions.Awaiting(() => batch.ExportAsync(_folder)).Should().ThrowAsync<ExportFolderInUseException>()).Which;

        (ex.Directory, ex.JobId, ex.ExistingJobId).Should().Be((Path.GetFullPath(_folder), batch.JobId, null));
        Snapshot().Should().BeEquivalentTo(new Dictionary<string, string> { ["report.md"] = "# my report" }, "not even a manifest is created");
    }

    [Fact]
    public async Task ExportAsync_FolderHoldingOnlyTheSdksOwnLedger_IsNotRefused_AndTheLedgerStays()
    {
        var ledger = new FileJobLedger(Path.Combine(_folder, ".geonode-jobs.jsonl"));
        using var client = new ScraperClient(new ScraperClientOptions
        {
            ApiKey = fixture.Emulator.ApiKey,
            BaseAddress = fixture.Emulator.BaseAddress,
            Polling = EmulatorFixture.FastPolling(),
            JobLedger = ledger,
        });
        var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://docs.example.test/a"], Formats = [OutputFormat.Markdown] });

        var result = await batch.ExportAsync(_folder);

        result.Counts.Written.Should().Be(1);
        (await ledger.FindAsync(batch.JobId)).Should().NotBeNull("the ledger beside the export is the SDK's own, and stays");
        File.Exists(ledger.Path).Should().BeTrue();
    }

    private async Task<BatchOperation> StartAsync(params string[] urls)
    {
        var batch = await fixture.Client.StartBatchOperationAsync(new BatchRequest { Urls = urls, Formats = [OutputFormat.Markdown] });
        await batch.WaitForCompletionAsync();
        return batch;
    }

    /// <summary>Every file under the folder (relative path) with its text.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_folder, f), File.ReadAllText);

    /// <summary>The files the folder's manifest says its export of <paramref name="jobId"/> wrote.</summary>
    private List<string> WrittenBy(string jobId)
    {
        var lines = File.ReadAllLines(Path.Combine(_folder, ".geonode-export.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines[0].GetProperty("job_id").GetString().Should().Be(jobId);
        return [.. lines.Skip(1)
            .Where(l => l.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String)
            .Select(l => l.GetProperty("path").GetString()!.Replace('/', Path.DirectorySeparatorChar))
            .Distinct()];
    }
}
