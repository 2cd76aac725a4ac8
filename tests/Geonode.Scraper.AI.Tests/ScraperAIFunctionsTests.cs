using System.Text.RegularExpressions;
using Geonode.Scraper.AI.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Geonode.Scraper.AI.Tests;

public sealed partial class ScraperAIFunctionsTests(ITestOutputHelper output)
{
    private static string JobIdIn(string toolResult) => JobIdPattern().Match(toolResult).Value;

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex JobIdPattern();

    [Fact]
    public async Task Create_EveryToolCalledByAModel_AnswersFromTheServiceWithoutTheKey()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var script = new ScriptedChatClient()
            .CallTool("search_web", """{"query":"emulator docs"}""")
            .CallTool("map_site", """{"url":"https://docs.example.test/"}""")
            .CallTool("scrape_url", """{"url":"https://docs.example.test/intro"}""")
            .CallTool("crawl_site", """{"url":"https://docs.example.test/","max_pages":4,"depth":2}""")
            .CallTool("scrape_urls", """{"urls":["https://docs.example.test/a","https://shop.example.test/b"]}""")
            .CallTool("get_scrape_job", results => $$"""{"job_id":"{{JobIdIn(results[3])}}"}""")
            .CallTool("get_scrape_job", results => $$"""{"job_id":"{{JobIdIn(results[4])}}","url":"https://shop.example.test/b"}""")
            .Answer("The site is about an emulator.");

        var results = await EmulatedScraper.RunAsync(script, ScraperAIFunctions.Create(scraper.Client));

        foreach (var result in results)
        {
            output.WriteLine(result);
            output.WriteLine("-----");
        }

        results.Should().HaveCount(7).And.OnlyContain(r => !r.StartsWith("Error", StringComparison.Ordinal));
        results[0].Should().StartWith("Web results for \"emulator docs\" (page 1):").And.Contain("1. ").And.Contain("https://");
        results[1].Should().Contain("URLs found on https://docs.example.test/").And.Contain("https://docs.example.test/");
        results[2].Should().StartWith("Content of https://docs.example.test/intro as Markdown").And.Contain("#");
        results[3].Should().StartWith("Crawl job " + JobIdIn(results[3]) + ": completed. 4 pages read, 0 failed, of 4")
            .And.Contain("1. https://docs.example.test/");
        results[4].Should().StartWith("Batch job " + JobIdIn(results[4]) + ": completed. 2 URLs read")
            .And.Contain("https://docs.example.test/a").And.Contain("https://shop.example.test/b");
        results[5].Should().StartWith("Crawl job " + JobIdIn(results[3]));
        results[6].Should().StartWith($"Content of https://shop.example.test/b (job {JobIdIn(results[4])}) as Markdown:");
        results.Should().OnlyContain(r => !r.Contains("DISTINCTIVE", StringComparison.OrdinalIgnoreCase) && !r.Contains(EmulatedScraper.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_RepeatedCrawlCall_ReturnsTheSameJobAndStartsOneOnly_ButAnotherCreateStartsItsOwn()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        const string Crawl = """{"url":"https://docs.example.test/","max_pages":3}""";
        var tools = ScraperAIFunctions.Create(scraper.Client);

        var first = await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("crawl_site", Crawl).CallTool("crawl_site", Crawl), tools);
        var later = await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("crawl_site", """{"max_pages":3,"url":"https://docs.example.test/"}"""), tools);

        JobIdIn(first[0]).Should().NotBeEmpty();
        first[1].Should().Be(first[0]);
        JobIdIn(later[0]).Should().Be(JobIdIn(first[0]), "the same tool with the same arguments in another order is the same call");
        scraper.Emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);

        var otherUser = await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("crawl_site", Crawl), ScraperAIFunctions.Create(scraper.Client));

        JobIdIn(otherUser[0]).Should().NotBe(JobIdIn(first[0]), "two Create calls never share their memory");
        scraper.Emulator.CountRequests("POST", "/v1/crawl").Should().Be(2);
    }

    [Fact]
    public async Task Create_SameCallTwiceAtOnce_SharesOneStart()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var batch = ScraperAIFunctions.Create(scraper.Client).Single(t => t.Name == "scrape_urls");
        AIFunctionArguments Arguments() => new() { ["urls"] = new[] { "https://docs.example.test/a", "https://docs.example.test/b" } };

        var results = await Task.WhenAll(batch.InvokeAsync(Arguments()).AsTask(), batch.InvokeAsync(Arguments()).AsTask());

        results[1].Should().Be(results[0]);
        scraper.Emulator.CountRequests("POST", "/v1/batch").Should().Be(1);
    }

    [Fact]
    public async Task Create_RepeatedCallAfterTheWindow_StartsANewJob()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var clock = new FakeTimeProvider();
        var tools = ScraperAIFunctions.Create(scraper.Client, new ScraperAIFunctionOptions { TimeProvider = clock, RepeatWindow = TimeSpan.FromMinutes(5) });
        const string Batch = """{"urls":["https://docs.example.test/a"]}""";

        await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("scrape_urls", Batch).CallTool("scrape_urls", Batch), tools);
        clock.Advance(TimeSpan.FromMinutes(4));
        await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("scrape_urls", Batch), tools);
        scraper.Emulator.CountRequests("POST", "/v1/batch").Should().Be(1);

        clock.Advance(TimeSpan.FromMinutes(1));
        await EmulatedScraper.RunAsync(new ScriptedChatClient().CallTool("scrape_urls", Batch), tools);
        scraper.Emulator.CountRequests("POST", "/v1/batch").Should().Be(2);
    }

    [Fact]
    public async Task Create_LongListWithSmallBudget_IsCutWithANoteAndTheRestIsReadWithoutANewJob()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var options = new ScraperAIFunctionOptions { MaxResultLength = 700, ExcerptLength = 40 };
        var script = new ScriptedChatClient()
            .CallTool("crawl_site", """{"url":"https://docs.example.test/","max_pages":12,"depth":3}""")
            .CallTool("get_scrape_job", results => $$"""{"job_id":"{{JobIdIn(results[0])}}","skip":{{Regex.Match(results[0], @"skip (\d+)").Groups[1].Value}}}""")
            .CallTool("search_web", """{"query":"budget"}""");

        var results = await EmulatedScraper.RunAsync(script, ScraperAIFunctions.Create(scraper.Client, options));

        results.Should().OnlyContain(r => r.Length <= 700);
        results[0].Should().Contain("12 pages read").And.MatchRegex(@"\[\d+ more pages not shown\. Call get_scrape_job with job_id ""[0-9a-f-]+"" and skip \d+ for the next ones\.\]$");
        var shown = int.Parse(Regex.Match(results[0], @"skip (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        results[1].Should().Contain($"{shown + 1}. https://docs.example.test/").And.NotContain("\n1. ");
        results[2].Should().MatchRegex(@"\[\d+ more results not shown\.\]$");
        scraper.Emulator.CountRequests("POST", "/v1/crawl").Should().Be(1);
    }

    [Fact]
    public async Task ScrapeUrl_ReadOnWithStartAt_ContinuesTheSameScrape()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var options = new ScraperAIFunctionOptions { MaxResultLength = 500 };
        var script = new ScriptedChatClient()
            .CallTool("scrape_url", """{"url":"https://docs.example.test/intro"}""")
            .CallTool("scrape_url", """{"url":"https://docs.example.test/intro","start_at":100}""");
        var results = await EmulatedScraper.RunAsync(script, ScraperAIFunctions.Create(scraper.Client, options));

        results[1].Should().Contain("[Continuing at character 100 of ");
        scraper.Emulator.CountRequests("POST", "/v1/extract").Should().Be(1, "reading on reuses the first scrape");
        var page = results[0][(results[0].IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        results[1].Should().EndWith(page[100..]);
    }

    [Fact]
    public async Task Create_Failures_AreShortActionableTextWithoutKeyStackTraceOrBody()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        scraper.Emulator.Faults.FailNext("POST /v1/search", 503, count: 10);
        var script = new ScriptedChatClient()
            .CallTool("scrape_url", """{"url":"not a url"}""")
            .CallTool("scrape_url", """{"url":"https://www.fail.test/page"}""")
            .CallTool("search_web", """{"query":"anything"}""")
            .CallTool("get_scrape_job", """{"job_id":"0b7d6a52-3f1e-4f0e-9a55-1c2d3e4f5a6b"}""")
            .CallTool("crawl_site", """{"url":"https://docs.example.test/","max_pages":1000}""")
            .CallTool("scrape_urls", """{"urls":[]}""");

        var results = await EmulatedScraper.RunAsync(script, ScraperAIFunctions.Create(scraper.Client));
        foreach (var result in results)
        {
            output.WriteLine(result);
        }

        results.Should().HaveCount(6).And.OnlyContain(r => r.StartsWith("Error: ", StringComparison.Ordinal) && r.Length < 400)
            .And.OnlyContain(r => !r.Contains("DISTINCTIVE", StringComparison.Ordinal) && !r.Contains("   at ", StringComparison.Ordinal) && !r.Contains("Exception", StringComparison.Ordinal) && !r.Contains('{'));
        results[0].Should().Contain("'not a url' in argument 'url' is not an absolute http(s) URL").And.Contain("Fix the arguments");
        results[1].Should().Contain("could not be extracted").And.Contain("unlikely to help");
        results[2].Should().Contain("HTTP 503").And.Contain("Retrying in a minute may help");
        results[3].Should().Contain("no such job");
        results[4].Should().Contain("'max_pages' must be from 1 to 25");
        results[5].Should().Contain("at least one URL");
        scraper.Emulator.CountRequests("POST", "/v1/crawl").Should().Be(0);
        scraper.Emulator.CountRequests("POST", "/v1/batch").Should().Be(0);
    }

    [Fact]
    public async Task Create_KeyRejected_SaysSoWithoutTheKey()
    {
        const string WrongKey = "gnk-WRONG-DISTINCTIVE-key-5521";
        await using var scraper = await EmulatedScraper.StartAsync(clientKey: WrongKey);

        var results = await EmulatedScraper.RunAsync(
            new ScriptedChatClient().CallTool("scrape_url", """{"url":"https://docs.example.test/"}"""), ScraperAIFunctions.Create(scraper.Client));

        results.Single().Should().Contain("rejected this application's API key").And.Contain("Retrying will not help").And.NotContain("DISTINCTIVE");
    }

    [Fact]
    public async Task CrawlSite_JobLongerThanTheToolTimeout_AnswersWithTheJobIdAndLeavesItRunning()
    {
        var clock = new FakeTimeProvider();
        await using var scraper = await EmulatedScraper.StartAsync(clientClock: clock);   // ToolTimeout runs on the client's clock
        var crawl = ScraperAIFunctions.Create(scraper.Client, new ScraperAIFunctionOptions { TimeProvider = clock, ToolTimeout = TimeSpan.FromMinutes(1) })
            .Single(t => t.Name == "crawl_site");

        var call = crawl.InvokeAsync(new AIFunctionArguments { ["url"] = "https://www.stuck.test/" }).AsTask();
        while (!call.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));   // in steps shorter than any request timeout, until the time limit fires
            await Task.WhenAny(call, Task.Delay(20));
        }

        var result = (string)(await call)!;
        var jobId = scraper.Emulator.CreatedJobs.Single().Id;
        result.Should().StartWith($"Crawl job {jobId}: ").And.Contain($"Still running: call get_scrape_job with job_id \"{jobId}\" later");
        scraper.Emulator.Requests.Should().NotContain(r => r.Method == "DELETE");
    }

    [Fact]
    public async Task CrawlSite_CallerCancels_ThrowsInsteadOfAnswering()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var crawl = ScraperAIFunctions.Create(scraper.Client).Single(t => t.Name == "crawl_site");
        using var cancel = new CancellationTokenSource();

        var call = crawl.InvokeAsync(new AIFunctionArguments { ["url"] = "https://www.stuck.test/" }, cancel.Token).AsTask();
        while (scraper.Emulator.CountRequests("GET", "/v1/crawl/*") == 0 && !call.IsCompleted)
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
    }
}
