using System.Text.Json;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Mcp.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using static Geonode.Scraper.Mcp.Tests.Support.TestEmulator;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>
/// Crawls that take minutes: the emulator runs on a fake clock that the test moves between calls (20 s of emulated time
/// per page, one page at a time: a 6-page crawl takes two emulated minutes), while the server, on real time, must answer
/// every call within its bound (2 s here).
/// </summary>
public sealed class LongJobTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    /// <summary>What a call may take beyond the bound on a busy machine: the JSON-RPC exchange, and the answer read after the
    /// wait (the server keeps a fifth of the bound for it). Generous, because it need not be tight: the emulated clock moves
    /// only between calls, so a call that held the request until the job ends would never return at all. (1.5 s failed once
    /// in CI on a machine shared with builds: a first crawl_site call took 5.3 s.)</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, object?> Crawl = new() { ["url"] = "https://docs.example.test/", ["max_pages"] = 6, ["depth"] = 2 };

    [Fact]
    public async Task CrawlThatTakesMinutes_CompletesThroughRepeatedGetScrapeJobCalls_NoCallLongerThanTheBound()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SlowEmulatorAsync(clock);
        using var root = new TempFolder();
        await using var server = await ServerSession.StartAsync(["--root", root.Path, "--tool-timeout", "2s"], Environment(emulator));
        await WarmUpAsync(server);

        var started = await server.CallAsync("crawl_site", Crawl);
        output.WriteLine($"crawl_site: {started}");
        var jobId = JobIdIn(started.Text);
        started.Text.Should().StartWith($"Crawl job {jobId}: ").And.Contain("Still running");
        started.Progress.Should().NotBeEmpty("the client sent a progress token").And.OnlyContain(p => p.Message!.Contains(jobId, StringComparison.Ordinal));

        var calls = new List<ToolAnswer> { started };
        ToolAnswer last;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(45));
            last = await server.CallAsync("get_scrape_job", new Dictionary<string, object?> { ["job_id"] = jobId });
            output.WriteLine($"get_scrape_job after {clock.GetUtcNow() - clock.Start:mm\\:ss} emulated: {last}");
            calls.Add(last);
        }
        while (!last.Text.StartsWith($"Crawl job {jobId}: completed", StringComparison.Ordinal) && calls.Count < 10);

        last.Text.Should().StartWith($"Crawl job {jobId}: completed. 6 pages read, 0 failed, of 6");
        calls.Should().HaveCountGreaterThan(3, "the crawl outlasts several calls");
        calls.Should().OnlyContain(c => c.Elapsed < Bound + Slack, "no call holds the request past the bound");
        calls.Skip(1).SkipLast(1).Should().OnlyContain(c => c.Elapsed > Bound / 2, "a call on a running job waits for it (most of the bound) instead of answering at once");
        calls.Skip(1).SkipLast(1).SelectMany(c => c.Progress).Should().Contain(p => p.Message!.StartsWith($"Crawl job {jobId}: processing", StringComparison.Ordinal));
        emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
    }

    [Fact]
    public async Task ServerKilledMidExport_RestartedOnTheSameRoot_ExportFinishesWithEveryPageOnceAndOnePost()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await SlowEmulatorAsync(clock);
        using var root = new TempFolder();
        string[] args = ["--root", root.Path, "--tool-timeout", "2s"];
        var exportArgs = new Dictionary<string, object?> { ["folder"] = "site" };

        string jobId;
        await using (var first = await ServerSession.StartAsync(args, Environment(emulator)))
        {
            jobId = JobIdIn((await first.CallAsync("crawl_site", Crawl)).Text);
            exportArgs["job_id"] = jobId;
            clock.Advance(TimeSpan.FromSeconds(50));   // two pages read, the third on its way

            // Killed during an export call, as soon as it reports a page saved (a call that ends first, on a busy machine
            // before it saved anything, is made again).
            Task? killedCall = null;
            for (var attempt = 0; attempt < 5 && killedCall is null; attempt++)
            {
                var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var export = first.Client.CallToolAsync("export_crawl", exportArgs, new Watcher(p =>
                {
                    if (p.Message?.Contains("saved", StringComparison.Ordinal) == true && p.Progress >= 1)
                    {
                        saved.TrySetResult();
                    }
                })).AsTask();
                if (await Task.WhenAny(saved.Task, export) == saved.Task)
                {
                    first.Kill();
                    killedCall = export;
                }
            }

            killedCall.Should().NotBeNull("an export call reported a page saved");
            var killed = async () => await killedCall!;
            await killed.Should().ThrowAsync<Exception>("the server died during the call");
        }

        var site = root.Combine("site");
        var beforeRestart = Directory.GetFiles(site, "*.md", SearchOption.AllDirectories);
        output.WriteLine($"after the kill: {beforeRestart.Length} files");
        beforeRestart.Should().NotBeEmpty().And.HaveCountLessThan(6);

        await using var second = await ServerSession.StartAsync(args, Environment(emulator));

        // A model that lost its context calls the same crawl again: the ledger finds the running job, nothing is started.
        var again = await second.CallAsync("crawl_site", Crawl);
        output.WriteLine($"crawl_site after the restart: {again}");
        JobIdIn(again.Text).Should().Be(jobId);

        clock.Advance(TimeSpan.FromMinutes(3));
        ToolAnswer exported;
        var calls = 0;
        do
        {
            exported = await second.CallAsync("export_crawl", exportArgs);
            output.WriteLine($"export_crawl: {exported}");
        }
        while (!exported.Text.Contains("is complete", StringComparison.Ordinal) && ++calls < 5);

        exported.Text.Should().StartWith($"The export of crawl job {jobId} is complete: 6 pages saved");
        (await second.CallAsync("get_scrape_job", new Dictionary<string, object?> { ["job_id"] = jobId })).Text.Should().StartWith($"Crawl job {jobId}: completed. 6 pages read");

        var files = Directory.GetFiles(site, "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(site, f).Replace('\\', '/')).Order().ToList();
        files.Should().Equal(["docs.example.test/index.md", "docs.example.test/p/1.md", "docs.example.test/p/2.md", "docs.example.test/p/3.md", "docs.example.test/p/4.md", "docs.example.test/p/5.md"]);
        var manifest = File.ReadAllLines(Path.Combine(site, ".geonode-export.jsonl")).Skip(1).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()).ToList();
        manifest.Should().HaveCount(6).And.OnlyHaveUniqueItems("every page is written once, across the kill and the restart");
        emulator.CountRequests("POST", "/v1/crawl").Should().Be(1, "the restarted server continued the job instead of starting another");
    }

    /// <summary>One untimed call first, so that the timed ones measure the server's waits rather than the first call's
    /// start-up work in a new process (loading and compiling the code of the HTTP client, the JSON readers, the ledger).</summary>
    private static async Task WarmUpAsync(ServerSession server) =>
        (await server.CallAsync("get_scrape_job", new Dictionary<string, object?> { ["job_id"] = "00000000-0000-4000-8000-000000000000" }))
            .Text.Should().StartWith("Error: no such job");

    private static Task<ScraperEmulator> SlowEmulatorAsync(FakeTimeProvider clock) => StartAsync(new EmulatorOptions
    {
        TimeProvider = clock,
        QueueTime = TimeSpan.FromSeconds(1),
        PageTime = TimeSpan.FromSeconds(20),
        Parallelism = 1,
    });

    private sealed class Watcher(Action<ModelContextProtocol.ProgressNotificationValue> report) : IProgress<ModelContextProtocol.ProgressNotificationValue>
    {
        public void Report(ModelContextProtocol.ProgressNotificationValue value) => report(value);
    }
}
