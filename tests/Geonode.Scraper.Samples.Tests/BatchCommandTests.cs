using Geonode.Scraper.Emulator;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>batch</c>: every URL is accounted for, in files or on stdout, and what failed says so in the exit code.</summary>
public sealed class BatchCommandTests
{
    private const string GoodUrls = "https://a.example.test/1\nhttps://a.example.test/2\n# a comment\n\nhttps://b.example.test/\n";
    private const string MixedUrls = "https://a.example.test/1\nhttps://b.fail.test/page\nnot a url\nhttps://a.example.test/2\n";

    [Fact]
    public async Task Batch_OutFolderDoesNotExist_IsCreatedAndEveryPageWritten()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["urls.txt"], GoodUrls);

        using var sample = await SampleProcess.RunAsync(folder.Path, ["batch", "--file", "urls.txt", "--out", "out/nested"]);

        sample.ExitCode.Should().Be(0, sample.StandardError);
        File.ReadAllText(folder["out/nested/a.example.test/1.md"]).Should().StartWith("# a.example.test/1");
        File.Exists(folder["out/nested/a.example.test/2.md"]).Should().BeTrue();
        File.Exists(folder["out/nested/b.example.test/index.md"]).Should().BeTrue();
        File.Exists(folder["out/nested/failures.tsv"]).Should().BeFalse("nothing failed");
        sample.StandardErrorLines[^1].Should().MatchRegex("^batch \\S+: 3 URLs extracted into .*nested$");
    }

    [Fact]
    public async Task Batch_SomeUrlsFail_ListedInFailuresFile_ExitsThree()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["urls.txt"], MixedUrls);

        using var sample = await SampleProcess.RunAsync(folder.Path, ["batch", "--file", "urls.txt", "--out", "out"]);

        sample.ExitCode.Should().Be(3, sample.StandardError);
        File.Exists(folder["out/a.example.test/1.md"]).Should().BeTrue();
        File.Exists(folder["out/a.example.test/2.md"]).Should().BeTrue();
        var rows = File.ReadAllLines(folder["out/failures.tsv"]);
        rows[0].Should().Be("url\tstatus\terror_code\terror_message");
        rows.Skip(1).Select(r => string.Join('\t', r.Split('\t').Take(3))).Should().BeEquivalentTo(
            "https://b.fail.test/page\tfailed\tTARGET_UNREACHABLE",
            "not a url\tinvalid\t");
        sample.StandardErrorLines[^1].Should().EndWith($"2 URLs extracted into {folder["out"]}; 2 failed, listed in {folder["out/failures.tsv"]}");
        sample.StandardError.Should().NotContain("\r", "progress on a redirected stderr is whole lines");
    }

    [Fact]
    public async Task Batch_WithoutOut_PrintsEveryItem_FailuresOnStderr_ExitsThree()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["batch"], standardInput: MixedUrls);

        sample.ExitCode.Should().Be(3, sample.StandardError);
        sample.StandardOutputLines.Should().BeEquivalentTo(
            "completed  https://a.example.test/1",
            "failed     https://b.fail.test/page TARGET_UNREACHABLE",
            "completed  https://a.example.test/2");
        sample.StandardErrorLines.Should().Contain(l => l.StartsWith("failed: https://b.fail.test/page (failed TARGET_UNREACHABLE", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("failed: not a url (invalid", StringComparison.Ordinal));
        sample.StandardErrorLines[^1].Should().EndWith("2 URLs extracted; 2 failed, listed above");
        Directory.EnumerateFileSystemEntries(folder.Path).Should().BeEmpty("without --out nothing is written");
    }

    [Fact]
    public async Task Batch_OutFolderCannotBeCreated_FailsBeforeTheBatchIsStarted()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["urls.txt"], GoodUrls);
        await File.WriteAllTextAsync(folder["taken"], "a file where the folder should go");
        await using var api = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests" });

        using var sample = await SampleProcess.RunAsync(
            folder.Path, ["batch", "--file", "urls.txt", "--out", "taken/out"], api: (api.BaseAddress, api.ApiKey));

        sample.ExitCode.Should().Be(1, sample.StandardError);
        sample.StandardErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ");
        api.CountRequests("POST", "/v1/batch").Should().Be(0, "nothing is billed for a run that cannot keep its results");
        api.CreatedJobs.Should().BeEmpty();
    }
}
