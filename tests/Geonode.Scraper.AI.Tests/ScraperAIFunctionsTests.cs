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
}
