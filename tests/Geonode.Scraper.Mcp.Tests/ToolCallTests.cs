using System.Text.Json;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Mcp.Tests.Support;
using Xunit.Abstractions;
using static Geonode.Scraper.Mcp.Tests.Support.TestEmulator;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>Every tool called over stdio, as a client does, against an emulator hosted by the test.</summary>
public sealed class ToolCallTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryTool_CalledLikeAClient_AnswersFromTheServiceAndWritesOnlyUnderTheRoot()
    {
        await using var emulator = await StartAsync();
        using var root = new TempFolder();
        await using var server = await ServerSession.StartAsync(["--root", root.Path, "--tool-timeout", "3s"], Environment(emulator));

        async Task<ToolAnswer> Call(string tool, object arguments)
        {
            var answer = await server.CallAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!);
            output.WriteLine($"{tool}: {answer}");
            answer.Text.Should().NotContain(Key);
            return answer;
        }

        (await Call("search_web", new { query = "emulator docs" })).Text.Should().StartWith("Web results for \"emulator docs\"");
        (await Call("map_site", new { url = "https://docs.example.test/" })).Text.Should().Contain("URLs found on https://docs.example.test/");
        (await Call("scrape_url", new { url = "https://docs.example.test/intro" })).Text.Should().StartWith("Content of https://docs.example.test/intro as Markdown");

        var crawl = await Call("crawl_site", new { url = "https://docs.example.test/", max_pages = 4, depth = 2 });
        var crawlId = JobIdIn(crawl.Text);
        crawl.Text.Should().StartWith($"Crawl job {crawlId}: completed. 4 pages read");

        // One URL fails the first time any job reads it (flaky.test), so the batch has a failure to re-run.
        var batch = await Call("scrape_urls", new { urls = new[] { "https://docs.example.test/a", "https://shop.flaky.test/b" } });
        var batchId = JobIdIn(batch.Text);
        batch.Text.Should().StartWith($"Batch job {batchId}: completed. 1 URLs read, 1 failed");

        (await Call("get_scrape_job", new { job_id = crawlId })).Text.Should().StartWith($"Crawl job {crawlId}: completed.");

        var exportCrawl = await Call("export_crawl", new { job_id = crawlId, folder = "docs" });
        exportCrawl.IsError.Should().BeFalse();
        exportCrawl.Text.Should().StartWith($"The export of crawl job {crawlId} is complete: 4 pages saved in {root.Combine("docs")}");
        Directory.GetFiles(root.Combine("docs"), "*.md", SearchOption.AllDirectories).Should().HaveCount(4);

        var exportBatch = await Call("export_batch", new { job_id = batchId, folder = "batch", format = "jsonl" });
        exportBatch.Text.Should().StartWith($"The export of batch job {batchId} is complete").And.Contain("1 failed");
        File.ReadAllLines(root.Combine("batch", "results.jsonl")).Should().HaveCount(2, "one line per item, failed ones included");

        var receipt = await Call("get_receipt", new { job_id = batchId });
        receipt.IsError.Should().BeFalse();
        receipt.Text.Should().StartWith($"Receipt of batch job {batchId} (completed): 2 URLs submitted, 1 succeeded, 1 failed")
            .And.Contain("failed: https://shop.flaky.test/b");

        var retry = await Call("retry_failed", new { job_id = batchId });
        var retryId = JobIdIn(retry.Text);
        retry.Text.Should().StartWith($"Started batch job {retryId} with the 1 URLs that failed in batch job {batchId}").And.Contain("https://shop.flaky.test/b");
        (await Call("retry_failed", new { job_id = batchId })).Text.Should().Contain($"batch job {retryId}", "a repeated call returns the batch it started");
        emulator.CountRequests("POST", "/v1/batch").Should().Be(2, "one batch, and one re-run of its failure");

        // A crawl that never ends (stuck.test): the call answers at its bound, then the job is cancelled.
        var stuck = await Call("crawl_site", new { url = "https://docs.stuck.test/", max_pages = 5 });
        var stuckId = JobIdIn(stuck.Text);
        stuck.Text.Should().Contain("Still running");
        stuck.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3 + 1.5), "the call answers at its bound (3 s), not when the job ends");
        (await Call("get_receipt", new { job_id = stuckId })).Text.Should().Contain("still running", "only an ended job has a receipt");
        (await Call("cancel_job", new { job_id = stuckId })).Text.Should().StartWith($"Cancelled crawl job {stuckId}");
        (await Call("cancel_job", new { job_id = crawlId })).Text.Should().Be($"Crawl job {crawlId} had already ended (completed): nothing was cancelled.");

        Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["docs", "batch", ".geonode-mcp"]);
        server.StandardError.Should().NotContain(l => l.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceEchoingTheKey_KeyIsInNoToolResultErrorOrLogLine()
    {
        await using var emulator = await StartAsync();
        using var root = new TempFolder();
        await using var server = await ServerSession.StartAsync(["--root", root.Path, "--log-level", "trace"], Environment(emulator));

        // An error answer that quotes the key (the SDK redacts error bodies)...
        emulator.Faults.FailNext("POST /v1/extract", 422, body: $$$"""{"detail":[{"loc":["body","url"],"msg":"not allowed for key {{{Key}}}","type":"value_error"}]}""");
        // ...and a job whose page error quotes it in a 200 answer, which the SDK reads as data and the tool shows.
        const string Echo = "0c0ffee0-0000-4000-8000-000000000001";
        var job = $$$"""
            {"job_id":"{{{Echo}}}","status":"completed","url":"https://docs.example.test/","total_pages":1,"completed_pages":0,"failed_pages":1,
             "cancelled_pages":0,"created_at":"2026-01-01T00:00:00Z","completed_at":"2026-01-01T00:00:01Z",
             "results":[{"url":"https://docs.example.test/","status":"failed","error_code":"UPSTREAM","error_message":"upstream said: X-Api-Key={{{Key}}} is rate limited"}],
             "pagination":{"page":1,"page_size":50,"total":1,"total_pages":1}}
            """;
        emulator.Faults.FailNext($"GET /v1/crawl/{Echo}", 200, count: 20, body: job);

        var scrape = await server.CallAsync("scrape_url", new Dictionary<string, object?> { ["url"] = "https://docs.example.test/intro" });
        var read = await server.CallAsync("get_scrape_job", new Dictionary<string, object?> { ["job_id"] = Echo });
        var export = await server.CallAsync("export_crawl", new Dictionary<string, object?> { ["job_id"] = Echo, ["folder"] = "echo" });
        output.WriteLine(scrape.ToString());
        output.WriteLine(read.ToString());
        output.WriteLine(export.ToString());

        scrape.IsError.Should().BeTrue();
        scrape.Text.Should().StartWith("Error: the scraper service rejected the request").And.Contain("not allowed for key ***");
        read.Text.Should().Contain("X-Api-Key=*** is rate limited", "the page's error is shown, the key in it is not");
        export.Text.Should().Contain("upstream said: X-Api-Key=*** is rate limited");
        string[] everything = [scrape.Text, read.Text, export.Text, .. server.StandardError, .. Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".geonode-export.jsonl", StringComparison.Ordinal)).Select(File.ReadAllText)];
        everything.Should().NotContain(t => t.Contains(Key, StringComparison.Ordinal) || t.Contains("DISTINCTIVE", StringComparison.Ordinal));
        server.StandardError.Should().Contain(l => l.StartsWith("trce ", StringComparison.Ordinal), "the most verbose level was on");
    }
}
