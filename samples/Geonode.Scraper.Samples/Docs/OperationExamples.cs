#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The README's examples of operations: start a job, keep its id, come back to it from anywhere.</summary>
public static class OperationExamples
{
    public static async Task<string> Start(IScraperClient client)
    {
        #region operations-start
        // Start a crawl: its operation is the job's whole life in one object. Keep its id (a database row, a queue message).
        CrawlOperation crawl = await client.StartCrawlOperationAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 });
        string jobId = crawl.JobId;
        #endregion
        return jobId;
    }

    public static async Task ComeBack(IScraperClient client, string jobId)
    {
        #region operations-resume
        // Later, in this process or any other: the id is all there is to keep.
        CrawlOperation crawl = client.GetCrawlOperation(jobId);

        await foreach (CrawlPage page in crawl.WatchPagesAsync())   // each page once, while the crawl runs
        {
            Console.WriteLine($"{page.Url}: {page.Status}");
        }

        JobReceipt receipt = await crawl.GetReceiptAsync();   // did every URL come back, and what did it cost?
        Console.WriteLine($"{receipt.Succeeded} pages, {receipt.Failed} failed, {receipt.TokensCharged} tokens; adds up: {receipt.IsConsistent}");
        if (receipt.Failed > 0)
        {
            RerunResult rerun = await crawl.RerunFailedAsync();   // only what failed, as a batch
            await rerun.Batches[0].WaitForCompletionAsync();
        }
        #endregion
    }

    public static async Task StartOnce(IScraperClient client, string orderId, BatchRequest request)
    {
        #region operations-idempotent
        // Under a job ledger, every start with the same key gets the same job: a redelivered queue message, a restarted
        // process or another replica never starts (and bills) it twice.
        BatchOperation batch = await client.StartBatchOperationAsync(request, new JobStartOptions { IdempotencyKey = $"order-{orderId}" });

        // Wait at most 25 s, then carry on: the job is returned as it stands, and goes on.
        BatchJob job = await batch.WaitForCompletionAsync(new JobWaitOptions { StopWaitingAfter = TimeSpan.FromSeconds(25) });
        Console.WriteLine(batch.HasCompleted ? $"done: {job.CompletedUrls} URLs" : $"still {job.Status}: come back with GetBatchOperation(\"{batch.JobId}\")");
        #endregion
    }
}
