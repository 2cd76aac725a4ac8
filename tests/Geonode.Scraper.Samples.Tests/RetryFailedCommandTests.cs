using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>batch --retry-failed JOB</c> against a server that keeps the job between runs: only the failed URLs go out
/// again, and nothing is started when nothing failed.</summary>
public sealed partial class RetryFailedCommandTests
{
    [Fact]
    public async Task RetryFailed_SomeUrlsFailed_StartsABatchOfOnlyThose_ExitsThreeWhenTheyFailAgain()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["urls.txt"], string.Join('\n', Enumerable.Range(1, 15).Select(n => $"https://www.partial.test/p/{n}")));
        await using var api = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests" });
        using var first = await SampleProcess.RunAsync(folder.Path, ["batch", "--file", "urls.txt"], api: (api.BaseAddress, api.ApiKey));
        first.ExitCode.Should().Be(3, first.StandardError);
        var jobId = JobIdOf(first.StandardErrorLines[^1]);

        using var retry = await SampleProcess.RunAsync(folder.Path, ["batch", "--retry-failed", jobId, "--out", "out"], api: (api.BaseAddress, api.ApiKey));

        retry.ExitCode.Should().Be(3, "partial.test fails the same pages again; " + retry.StandardError);
        var rerun = api.CreatedJobs.Should().HaveCount(2).And.Subject.Last();
        rerun.Urls.Should().Equal("https://www.partial.test/p/7", "https://www.partial.test/p/14");
        retry.StandardErrorLines.Should().Contain($"batch {rerun.Id}: re-running the 2 failed URLs of batch {jobId}");
        File.ReadAllLines(folder["out/failures.tsv"]).Skip(1).Select(r => r.Split('\t')[0]).Should().Equal(rerun.Urls);
    }

    [Fact]
    public async Task RetryFailed_NothingFailed_StartsNothing_ExitsZero()
    {
        using var folder = new TempFolder();
        await using var api = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests" });
        using var first = await SampleProcess.RunAsync(folder.Path, ["batch"], standardInput: "https://a.example.test/1\n", api: (api.BaseAddress, api.ApiKey));
        first.ExitCode.Should().Be(0, first.StandardError);
        var jobId = JobIdOf(first.StandardErrorLines[^1]);

        using var retry = await SampleProcess.RunAsync(folder.Path, ["batch", "--retry-failed", jobId], api: (api.BaseAddress, api.ApiKey));

        retry.ExitCode.Should().Be(0, retry.StandardError);
        retry.StandardErrorLines[^1].Should().Be($"batch {jobId}: nothing failed; nothing was started");
        api.CreatedJobs.Should().ContainSingle();
    }

    [Fact]
    public async Task RetryFailed_WithFile_IsAUsageError()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder["urls.txt"], "https://a.example.test/1\n");

        using var sample = await SampleProcess.RunAsync(folder.Path, ["batch", "--retry-failed", "some-job", "--file", "urls.txt"]);

        sample.ExitCode.Should().Be(2, sample.StandardError);
        sample.StandardErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --retry-failed");
    }

    private static string JobIdOf(string summaryLine) => JobIdPattern().Match(summaryLine).Groups[1].Value;

    [GeneratedRegex("^batch (\\S+):")]
    private static partial Regex JobIdPattern();
}
