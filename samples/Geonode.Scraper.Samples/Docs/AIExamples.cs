#region usings
using System.Text.Json.Serialization;
using Geonode.Scraper;
using Geonode.Scraper.AI;
using Microsoft.Extensions.AI;
#endregion

namespace DocsExamples;

/// <summary>The examples of docs/agents.md, the README's "Tools for AI agents" and the Geonode.Scraper.AI package README.
/// Their behaviour is tested in tests/Geonode.Scraper.AI.Tests with a scripted chat client.</summary>
public static class AIExamples
{
    public static async Task Tools(IScraperClient scraper, IChatClient model)
    {
        #region ai-tools
        IList<AITool> tools = [.. ScraperAIFunctions.Create(scraper)];   // one set per user or conversation
        IChatClient agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        var response = await agent.GetResponseAsync(
            "What do the plans on https://example.com/pricing cost per month?", new ChatOptions { Tools = tools });
        Console.WriteLine(response.Text);
        #endregion
    }

    public static IReadOnlyList<AIFunction> ToolOptions(IScraperClient scraper)
    {
        #region ai-tool-options
        var tools = ScraperAIFunctions.Create(scraper, new ScraperAIFunctionOptions
        {
            MaxResultLength = 4_000,                    // characters per tool result, truncation note included
            ExcerptLength = 200,                        // per page in a crawl or batch summary
            ToolTimeout = TimeSpan.FromMinutes(1),      // a crawl still running then answers with its job id
            RepeatWindow = TimeSpan.FromMinutes(15),    // a repeated call returns the same job: never billed twice
            MaxCrawlPages = 10,
        });
        #endregion
        return tools;
    }

    public static async Task Extract(IScraperClient scraper, IChatClient model)
    {
        #region ai-extract
        // public sealed record Pricing(string Product, IReadOnlyList<Plan> Plans);
        // public sealed record Plan(string Name, decimal? MonthlyPrice, string? Currency);
        // [JsonSerializable(typeof(Pricing))] internal sealed partial class PricingJsonContext : JsonSerializerContext;
        StructuredExtractResult<Pricing> pricing = await scraper.ExtractAsync(
            "https://example.com/pricing", model, PricingJsonContext.Default.Pricing,
            new StructuredExtractOptions { Instructions = "Every plan with its monthly price" });

        Console.WriteLine($"{pricing.Value.Product}: {pricing.Value.Plans.Count} plans");
        Console.WriteLine($"scrape: {pricing.ScrapeTokensCharged} API tokens; chat: {pricing.ChatUsage?.TotalTokenCount} model tokens");
        #endregion
    }

    public static async Task ExtractMany(IScraperClient scraper, IChatClient model, IReadOnlyList<string> urls)
    {
        #region ai-extract-many
        await foreach (var page in scraper.ExtractManyAsync(urls, model, PricingJsonContext.Default.Pricing,
            new StructuredExtractOptions { MaxConcurrency = 4 }))
        {
            Console.WriteLine($"{page.Url}: {page.Value.Product}");   // in the order they finish
        }
        #endregion
    }
}

public sealed record Pricing(string Product, IReadOnlyList<Plan> Plans);

public sealed record Plan(string Name, decimal? MonthlyPrice, string? Currency);

[JsonSerializable(typeof(Pricing))]
internal sealed partial class PricingJsonContext : JsonSerializerContext;
