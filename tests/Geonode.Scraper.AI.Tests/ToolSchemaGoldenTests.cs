using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geonode.Scraper.AI.Tests.Support;

namespace Geonode.Scraper.AI.Tests;

/// <summary>
/// What a model sees of each tool (name, description, argument schema) is checked in under Golden/, so that any change is a
/// visible diff in review. After an intended change, run the tests once with GEONODE_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class ToolSchemaGoldenTests
{
    private static readonly string[] Names =
        [ScraperAIFunctions.ScrapeUrlToolName, ScraperAIFunctions.SearchWebToolName, ScraperAIFunctions.MapSiteToolName,
         ScraperAIFunctions.CrawlSiteToolName, ScraperAIFunctions.ScrapeUrlsToolName, ScraperAIFunctions.GetJobToolName];

    public static TheoryData<string> ToolNames() => new(Names);

    [Theory]
    [MemberData(nameof(ToolNames))]
    public async Task Create_ToolAsAModelSeesIt_EqualsItsGoldenFile(string name)
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var tool = ScraperAIFunctions.Create(scraper.Client).Single(f => f.Name == name);
        var actual = new JsonObject
        {
            ["name"] = tool.Name,
            ["description"] = tool.Description,
            ["parameters"] = JsonNode.Parse(tool.JsonSchema.GetRawText()),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        var path = Path.Combine(GoldenFolder(), name + ".json");
        if (Environment.GetEnvironmentVariable("GEONODE_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
        }

        File.Exists(path).Should().BeTrue($"{path} is the golden file; create it with GEONODE_UPDATE_GOLDEN=1");
        actual.Should().Be((await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"), "a change of what the model sees must show in Golden/{0}.json", name);
    }

    [Fact]
    public async Task Create_EveryTool_HasAValidNameAndRequiredArgumentsThatExist()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var tools = ScraperAIFunctions.Create(scraper.Client);

        tools.Select(t => t.Name).Should().BeEquivalentTo(Names);
        foreach (var tool in tools)
        {
            tool.Name.Should().MatchRegex("^[a-z_]{1,64}$");
            var schema = tool.JsonSchema;
            schema.GetProperty("type").GetString().Should().Be("object");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().BeSubsetOf(properties);
            schema.GetProperty("properties").EnumerateObject().Should().OnlyContain(p => p.Value.GetProperty("description").GetString()!.Length > 20);
        }
    }

    [Fact]
    public async Task Create_WithOtherLimits_PutsThemInTheSchemaTheModelSees()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var tools = ScraperAIFunctions.Create(scraper.Client, new ScraperAIFunctionOptions { MaxBatchUrls = 7, MaxCrawlPages = 3 });

        tools.Single(t => t.Name == "scrape_urls").JsonSchema.GetProperty("properties").GetProperty("urls").GetProperty("maxItems").GetInt32().Should().Be(7);
        var maxPages = tools.Single(t => t.Name == "crawl_site").JsonSchema.GetProperty("properties").GetProperty("max_pages");
        maxPages.GetProperty("maximum").GetInt32().Should().Be(3);
        maxPages.GetProperty("default").GetInt32().Should().Be(3);
    }

    /// <summary>The checked-in folder, found from the test's output directory: CI builds map source paths to <c>/_/</c>
    /// (deterministic PDBs), so the compiler's idea of this file's path does not exist on disk there.</summary>
    private static string GoldenFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("Geonode.Scraper.sln not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(dir.FullName, "tests", "Geonode.Scraper.AI.Tests", "Golden");
    }
}
