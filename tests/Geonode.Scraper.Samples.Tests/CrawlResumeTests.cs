using System.Text.Json;
using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>crawl --out DIR</c> killed mid-crawl and run again: the job ledger in DIR resumes the same crawl.</summary>
public sealed partial class CrawlResumeTests
{
    private static readonly string[] Crawl = ["crawl", "https://docs.example.test", "--depth", "3", "--out", "pages"];

    [UnixFact]
    public async Task Crawl_KilledMidCrawlThenRunAgain_ResumesTheSameJobAndWritesEveryPageOnce()
    {
        using var folder = new TempFolder();

        // 31 pages, two at a time, half a second each: the crawl runs for about eight seconds on the test's server.
        await using var api = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests", PageTime = TimeSpan.FromMilliseconds(500), Parallelism = 2 });
        string jobId;
        Dictionary<string, DateTime> before;
        using (var first = SampleProcess.Start(folder.Path, Crawl, api: (api.BaseAddress, api.ApiKey)))
        {
            jobId = StartedLine().Match(await first.WaitForErrorLineAsync(l => l.StartsWith("crawl ", StringComparison.Ordinal), SampleProcess.RunBound)).Groups["id"].Value;
            await WaitUntilAsync(() => MarkdownFiles(folder).Length >= 3);
            first.Kill();
            (await first.WaitForExitAsync(SampleProcess.RunBound)).Should().BeTrue();
            first.ExitCode.Should().Be(137, "SIGKILL ends it with no chance to clean up");
            before = MarkdownFiles(folder).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        }

        api.CreatedJobs.Should().ContainSingle().Which.Status.Should().Be("processing", "the crawl was still running when the sample died");

        using var second = await SampleProcess.RunAsync(folder.Path, Crawl, api: (api.BaseAddress, api.ApiKey));

        second.ExitCode.Should().Be(0, second.StandardError);
        second.StandardErrorLines.Should().Contain($"crawl {jobId} resumed: an earlier run started it ({folder["pages/.geonode-jobs.jsonl"]})");
        api.CountRequests("POST", "/v1/crawl").Should().Be(1, "the second run resumes the crawl instead of starting (and billing) another");
        var files = MarkdownFiles(folder);
        files.Should().HaveCount(31);
        before.Should().AllSatisfy(f => File.GetLastWriteTimeUtc(f.Key).Should().Be(f.Value, $"{f.Key} was written by the first run and not again"));
        var written = File.ReadAllLines(folder["pages/.geonode-export.jsonl"]).Skip(1)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("path", out _)).Select(e => e.GetProperty("key").GetString()).ToList();
        written.Should().OnlyHaveUniqueItems("every page is written exactly once").And.HaveCount(31);
        second.StandardErrorLines[^1].Should().Be($"crawl {jobId}: 31 pages written to {folder["pages"]}");
    }

    [Fact]
    public async Task Crawl_RunAgainAfterItFinished_StartsANewCrawl()
    {
        using var folder = new TempFolder();
        await using var api = await ScraperEmulator.StartAsync(new EmulatorOptions { ApiKey = "sample-tests" });

        using var first = await SampleProcess.RunAsync(folder.Path, ["crawl", "https://docs.example.test", "--out", "pages"], api: (api.BaseAddress, api.ApiKey));
        using var second = await SampleProcess.RunAsync(folder.Path, ["crawl", "https://docs.example.test", "--out", "pages"], api: (api.BaseAddress, api.ApiKey));

        first.ExitCode.Should().Be(0, first.StandardError);
        second.ExitCode.Should().Be(0, second.StandardError);
        api.CountRequests("POST", "/v1/crawl").Should().Be(2, "a finished crawl is not in flight: running the command again crawls again");
    }

    private static string[] MarkdownFiles(TempFolder folder) =>
        Directory.Exists(folder["pages"]) ? Directory.GetFiles(folder["pages"], "*.md", SearchOption.AllDirectories) : [];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + SampleProcess.RunBound;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition is met within the run bound");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex("^crawl (?<id>\\S+) started at ")]
    private static partial Regex StartedLine();
}
