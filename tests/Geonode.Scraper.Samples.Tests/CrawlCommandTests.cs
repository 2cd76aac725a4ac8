using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>crawl</c>, and <c>resume</c> and <c>cancel</c> for a crawl that a cancelled run left running.</summary>
public sealed partial class CrawlCommandTests
{
    [Fact]
    public async Task Crawl_TheReadmesFirstCommand_WritesTheSite()
    {
        using var folder = new TempFolder();

        // Exactly as the README's first command runs it, without `dotnet run`.
        using var sample = await SampleProcess.RunAsync(folder.Path, ["crawl", "https://docs.example.test", "--depth", "2", "--out", "pages"]);

        sample.ExitCode.Should().Be(0, sample.StandardError);
        Directory.GetFiles(folder["pages"], "*.md", SearchOption.AllDirectories).Should().HaveCountGreaterThanOrEqualTo(6);
        File.ReadAllText(folder["pages/docs.example.test/index.md"]).Should().StartWith("# docs.example.test");
        sample.StandardErrorLines[0].Should().StartWith("No GEONODE_SCRAPER_API_KEY set: using the local emulator");
    }

    [Fact]
    public async Task Crawl_SomePagesFail_ListedInFailuresFile_ExitsThree()
    {
        using var folder = new TempFolder();

        // On partial.test every page whose node is a multiple of 7 fails: /p/7, /p/14, /p/21 and /p/28 of the 31 at depth 3.
        using var sample = await SampleProcess.RunAsync(folder.Path, ["crawl", "https://docs.partial.test", "--depth", "3", "--out", "pages"]);

        sample.ExitCode.Should().Be(3, sample.StandardError);
        Directory.GetFiles(folder["pages"], "*.md", SearchOption.AllDirectories).Should().HaveCount(27);
        File.ReadAllLines(folder["pages/failures.tsv"]).Skip(1).Select(r => r.Split('\t')[0]).Should().BeEquivalentTo(
            "https://docs.partial.test/p/7", "https://docs.partial.test/p/14", "https://docs.partial.test/p/21", "https://docs.partial.test/p/28");
        sample.StandardErrorLines[^1].Should().EndWith($"27 pages written to {folder["pages"]}; 4 failed, listed in {folder["pages/failures.tsv"]}");
    }

    [UnixFact]
    public async Task Resume_ACrawlThatACancelledRunLeftRunning_WritesEveryPage()
    {
        using var folder = new TempFolder();
        await using var api = await StartApiAsync(pageTime: TimeSpan.FromSeconds(3));
        var jobId = await CancelARunningCrawlAsync(folder, api);

        using var resumed = await SampleProcess.RunAsync(folder.Path, ["resume", "crawl", jobId, "--out", "pages"], api: (api.BaseAddress, api.ApiKey));

        resumed.ExitCode.Should().Be(0, resumed.StandardError);
        Directory.GetFiles(folder["pages"], "*.md", SearchOption.AllDirectories).Should().HaveCount(6);
        api.CountRequests("POST", "/v1/crawl").Should().Be(1, "resuming starts nothing new");
    }

    [UnixFact]
    public async Task Cancel_ACrawlThatACancelledRunLeftRunning_CancelsItOnTheServer()
    {
        using var folder = new TempFolder();
        await using var api = await StartApiAsync(pageTime: TimeSpan.FromSeconds(30));
        var jobId = await CancelARunningCrawlAsync(folder, api);

        using var cancel = await SampleProcess.RunAsync(folder.Path, ["cancel", "crawl", jobId], api: (api.BaseAddress, api.ApiKey));

        cancel.ExitCode.Should().Be(0, cancel.StandardError);
        cancel.StandardOutputLines.Should().ContainSingle().Which.Should().MatchRegex($"^crawl {jobId} cancelled; \\d+ pages were in flight$");
        api.CreatedJobs.Single().Status.Should().Be("cancelled");
    }

    /// <summary>An API (the emulator, hosted by the test) where a depth-2 crawl takes about twice <paramref name="pageTime"/>.</summary>
    private static Task<ScraperEmulator> StartApiAsync(TimeSpan pageTime) =>
        ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests", PageTime = pageTime });

    /// <summary>Starts a crawl with the sample against the API, stops the sample with SIGTERM, and returns the job id it printed.</summary>
    private static async Task<string> CancelARunningCrawlAsync(TempFolder folder, ScraperEmulator api)
    {
        using var sample = SampleProcess.Start(folder.Path, ["crawl", "https://docs.example.test", "--depth", "2", "--out", "pages"], api: (api.BaseAddress, api.ApiKey));
        var started = await sample.WaitForErrorLineAsync(l => l.StartsWith("crawl ", StringComparison.Ordinal), SampleProcess.RunBound);
        var jobId = StartedLine().Match(started).Groups["id"].Value;

        sample.Signal(System.Runtime.InteropServices.PosixSignal.SIGTERM);

        (await sample.WaitForExitAsync(SampleProcess.RunBound)).Should().BeTrue();
        sample.ExitCode.Should().Be(130, sample.StandardError);
        sample.StandardErrorLines.Should().ContainInOrder(
            $"cancelled: crawl {jobId} keeps running on the server",
            $"  resume it: geonode-scraper-sample resume crawl {jobId} --out {folder["pages"]}",
            $"  cancel it: geonode-scraper-sample cancel crawl {jobId}");
        api.CreatedJobs.Should().ContainSingle().Which.Status.Should().BeOneOf(["queued", "processing"], "the sample stops watching, not the job (which may still be in its 100 ms queue time when the sample has exited)");
        return jobId;
    }

    [GeneratedRegex("^crawl (?<id>\\S+) started at ")]
    private static partial Regex StartedLine();
}
