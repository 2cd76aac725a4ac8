using Geonode.Scraper.AI;
using Geonode.Scraper.Mcp.Jobs;
using Geonode.Scraper.Mcp.Security;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// The server's tools, in the order clients list them: the SDK's six agent tools (their results, errors and repeat memory
/// unchanged; descriptions extended with what they cost and how long they wait) and the job-life tools this server adds.
/// Each carries its MCP annotations (<see cref="ToolHints"/>).
/// </summary>
internal static class ToolCatalog
{
    public const string ExportCrawlToolName = "export_crawl";

    public const string ExportBatchToolName = "export_batch";

    public const string RetryFailedToolName = "retry_failed";

    public const string CancelJobToolName = "cancel_job";

    public const string GetReceiptToolName = "get_receipt";

    public static string ExportToolName(JobKind kind) => kind == JobKind.Batch ? ExportBatchToolName : ExportCrawlToolName;

    /// <summary>Creates the tools.</summary>
    /// <param name="agentTools">The SDK's agent tools, over the client that reports their waits (<see cref="ToolScraperClient"/>).</param>
    /// <param name="jobs">The bodies of the job-life tools.</param>
    /// <param name="bound">The longest a call takes, as the descriptions state it.</param>
    /// <param name="redactor">Removes the key from answers.</param>
    /// <param name="time">The clock of the calls' progress and timing.</param>
    /// <param name="logger">Where each call's outcome is logged.</param>
    public static IReadOnlyList<McpServerTool> Create(
        IReadOnlyList<AIFunction> agentTools, JobTools jobs, TimeSpan bound, SecretRedactor redactor, TimeProvider time, ILogger logger)
    {
        var agent = agentTools.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var within = McpToolSchemas.Duration(bound);
        var getJob = agent[ScraperAIFunctions.GetJobToolName];
        McpServerTool Tool(AIFunction function, string title, ToolHints hints, string? description = null) =>
            new GuardedTool(
                McpServerTool.Create(function, new McpServerToolCreateOptions
                {
                    Title = title,
                    Description = description ?? function.Description,
                    ReadOnly = hints.ReadOnly,
                    Destructive = hints.Destructive,
                    Idempotent = hints.Idempotent,
                    OpenWorld = hints.OpenWorld,
                }),
                redactor,
                time,
                logger);

        return
        [
            Tool(agent[ScraperAIFunctions.ScrapeUrlToolName], "Read a web page", ToolHints.Billed,
                agent[ScraperAIFunctions.ScrapeUrlToolName].Description + McpToolSchemas.ScrapeUrlCost),
            Tool(agent[ScraperAIFunctions.SearchWebToolName], "Search the web", ToolHints.Billed,
                agent[ScraperAIFunctions.SearchWebToolName].Description + McpToolSchemas.SearchWebCost),
            Tool(agent[ScraperAIFunctions.MapSiteToolName], "List a site's URLs", ToolHints.Billed,
                agent[ScraperAIFunctions.MapSiteToolName].Description + McpToolSchemas.MapSiteCost),
            Tool(agent[ScraperAIFunctions.CrawlSiteToolName], "Crawl a website", ToolHints.Billed,
                agent[ScraperAIFunctions.CrawlSiteToolName].Description + McpToolSchemas.CrawlSiteNote(within)),
            Tool(agent[ScraperAIFunctions.ScrapeUrlsToolName], "Read several web pages", ToolHints.Billed,
                agent[ScraperAIFunctions.ScrapeUrlsToolName].Description + McpToolSchemas.ScrapeUrlsNote(within)),
            Tool(
                new ToolFunction(getJob.Name, getJob.Description + McpToolSchemas.GetJobNote(within), getJob.JsonSchema.GetRawText(), (args, ct) => jobs.GetJobAsync(getJob, args, ct)),
                "Follow a crawl or batch job",
                ToolHints.Reads),
            Tool(
                new ToolFunction(ExportCrawlToolName, McpToolSchemas.ExportDescription("crawl", "crawl_site started it", within), McpToolSchemas.ExportSchema("crawl"), (args, ct) => jobs.ExportAsync(JobKind.Crawl, args, ct)),
                "Save a crawl to disk",
                ToolHints.Saves),
            Tool(
                new ToolFunction(ExportBatchToolName, McpToolSchemas.ExportDescription("batch", "scrape_urls or retry_failed started it", within), McpToolSchemas.ExportSchema("batch"), (args, ct) => jobs.ExportAsync(JobKind.Batch, args, ct)),
                "Save a batch to disk",
                ToolHints.Saves),
            Tool(
                new ToolFunction(RetryFailedToolName, McpToolSchemas.RetryFailedDescription, McpToolSchemas.RetryFailedSchema, jobs.RetryFailedAsync),
                "Re-run what failed",
                ToolHints.Billed),
            Tool(
                new ToolFunction(CancelJobToolName, McpToolSchemas.CancelJobDescription, McpToolSchemas.CancelJobSchema, jobs.CancelAsync),
                "Cancel a job",
                ToolHints.Stops),
            Tool(
                new ToolFunction(GetReceiptToolName, McpToolSchemas.GetReceiptDescription, McpToolSchemas.GetReceiptSchema, jobs.GetReceiptAsync),
                "Check what a job did and cost",
                ToolHints.Reads),
        ];
    }
}
