using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AI.Internal;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI;

/// <summary>
/// The Geonode Scraper API as tools for agents built on Microsoft.Extensions.AI (<see cref="IChatClient"/> with
/// <c>FunctionInvokingChatClient</c>) or Semantic Kernel (<c>kernel.Plugins.AddFromFunctions("geonode", functions.Select(f => f.AsKernelFunction()))</c>).
/// </summary>
/// <remarks>
/// Every tool answers with a short text sized for a context window (<see cref="ScraperAIFunctionOptions.MaxResultLength"/>),
/// marks where it cut, and says how to read on. Errors come back as a sentence saying what failed and whether retrying
/// helps, never with the API key, a stack trace or a response body. The functions of one <see cref="Create"/> call remember
/// the jobs they started for <see cref="ScraperAIFunctionOptions.RepeatWindow"/>: a repeated call returns the same job or
/// result instead of paying for a second one. Call <see cref="Create"/> once per user or conversation: two calls never
/// share that memory.
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class ScraperAIFunctions
{
    /// <summary>The name of the tool that reads one URL as Markdown.</summary>
    public const string ScrapeUrlToolName = "scrape_url";

    /// <summary>The name of the web search tool.</summary>
    public const string SearchWebToolName = "search_web";

    /// <summary>The name of the tool that lists a site's URLs.</summary>
    public const string MapSiteToolName = "map_site";

    /// <summary>The name of the tool that crawls a site and summarizes its pages.</summary>
    public const string CrawlSiteToolName = "crawl_site";

    /// <summary>The name of the tool that reads several URLs as one batch.</summary>
    public const string ScrapeUrlsToolName = "scrape_urls";

    /// <summary>The name of the tool that reads a crawl or batch job by its id.</summary>
    public const string GetJobToolName = "get_scrape_job";

    /// <summary>Creates the tools over a client: read one URL, search the web, map a site, crawl a site, read a batch of
    /// URLs, and read a job by its id.</summary>
    /// <param name="client">The client the tools call; its key never appears in a tool result.</param>
    /// <param name="options">Result size, time limit and repeat window; <see langword="null"/> for the defaults.</param>
    /// <returns>The six tools, with their own memory of recent jobs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public static IReadOnlyList<AIFunction> Create(IScraperClient client, ScraperAIFunctionOptions? options = null)
    {
        Guard.NotNull(client);
        return new ScraperToolset(client, (options ?? new ScraperAIFunctionOptions()).Validated()).CreateFunctions();
    }
}
