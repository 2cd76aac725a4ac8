#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The README's examples of what operations do beyond waiting (re-runs, fan-out, budgets, receipts).</summary>
public static class WorkflowExamples
{
    public static async Task RerunFailed(IScraperClient client, string batchJobId, string crawlJobId, BatchRequest original)
    {
        #region rerun-failed
        BatchOperation batch = client.GetBatchOperation(batchJobId);
        RerunResult rerun = await batch.RerunFailedAsync();
        if (rerun.NothingFailed)
        {
            Console.WriteLine("nothing failed; nothing was started");
        }
        else
        {
            Console.WriteLine($"re-running {rerun.FailedUrls.Count} URLs as batch {rerun.Batches[0].JobId} (settings: {rerun.SettingsSource})");
            await rerun.Batches[0].WaitForCompletionAsync();
        }

        // Exactly the original settings, when you kept the request:
        await batch.RerunFailedAsync(new RerunOptions { OriginalRequest = original });

        // A crawl's failed pages, as batches of up to 1,000 URLs:
        RerunResult pages = await client.GetCrawlOperation(crawlJobId).RerunFailedAsync();
        #endregion
        _ = pages;
    }

    public static async Task ScrapeMany(IScraperClient client, IReadOnlyList<string> urls)
    {
        #region scrape-many
        // 5,000 URLs: five batches, at most the account's concurrency limit running at once.
        ScrapeManyRun run = client.ScrapeManyAsync(urls, new ScrapeManyOptions
        {
            Settings = new BatchRequest { Urls = [], Formats = [OutputFormat.Markdown] },
            BatchStarted = new Progress<BatchJobAccepted>(b => Console.WriteLine($"batch {b.JobId} started")),
        });
        await foreach (ScrapeManyItem result in run)
        {
            Console.WriteLine($"#{result.Index} {result.Item.Url}: {result.Item.Status}");
        }

        ScrapeManyReceipt receipt = run.Receipt!;
        Console.WriteLine($"{receipt.Succeeded} of {receipt.Submitted} extracted, {receipt.Failed} failed, {receipt.TokensCharged} tokens");
        #endregion
    }

    public static async Task TokenBudget(IScraperClient client, string crawlJobId)
    {
        #region token-budget
        try
        {
            CrawlJob crawl = await client.GetCrawlOperation(crawlJobId).WaitForCompletionAsync(new JobWaitOptions
            {
                Budget = new TokenBudget { MaxTokens = 500 },   // Name = "nightly" shares it between jobs and replicas
            });
            Console.WriteLine($"done: {crawl.TokenSummary?.TokensChargedTotal} tokens");
        }
        catch (JobBudgetExceededException ex)
        {
            Console.WriteLine($"stopped at {ex.Usage.TokensChargedTotal} tokens (budget {ex.MaxTokens}); cancelled: {ex.CancelRequested}");
        }
        #endregion
    }

    public static async Task Receipt(IScraperClient client, string batchJobId)
    {
        #region receipt
        JobReceipt receipt = await client.GetBatchOperation(batchJobId).GetReceiptAsync();
        Console.WriteLine($"{receipt.Succeeded} succeeded, {receipt.Failed} failed, {receipt.Cancelled} cancelled, {receipt.Invalid} invalid of {receipt.Submitted}; {receipt.TokensCharged} tokens");
        foreach (FailedUrl failed in receipt.FailedUrls)
        {
            Console.WriteLine($"  {failed.Url}: {failed.ErrorCode} {failed.ErrorMessage}");
        }

        foreach (string problem in receipt.Discrepancies)   // counters that disagree with what was read: never hidden
        {
            Console.Error.WriteLine($"  check: {problem}");
        }
        #endregion
    }
}
