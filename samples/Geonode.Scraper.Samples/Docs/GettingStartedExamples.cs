#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The examples of docs/getting-started.md.</summary>
public static class GettingStartedExamples
{
    public static async Task<string?> FirstPage()
    {
        #region getting-started-first-page
        // The key comes from GEONODE_SCRAPER_API_KEY (and the address, when set, from SCRAPER_API_BASE_URL).
        using var client = new ScraperClient(new ScraperClientOptions());

        ExtractResult page = await client.ExtractAsync(new ExtractRequest { Url = "https://example.com/" });
        Console.WriteLine(page.Data.Markdown);
        Console.WriteLine($"{page.TokensCharged} request(s) charged");
        #endregion
        return page.Data.Markdown;
    }

    public static async Task<BatchJob> Batch(IScraperClient client)
    {
        #region getting-started-batch
        BatchJobAccepted accepted = await client.StartBatchAsync(new BatchRequest
        {
            Urls = ["https://example.com/", "https://example.org/", "https://example.net/"],
        });

        // Polls with backoff until the batch ends (30 minutes at most by default).
        BatchJob batch = await client.WaitForBatchAsync(accepted.JobId);
        Console.WriteLine($"{batch.CompletedUrls} completed, {batch.FailedUrls} failed");

        await foreach (BatchItem item in client.GetBatchItemsAsync(accepted.JobId))
        {
            Console.WriteLine($"{item.Url}: {item.Status}, {item.Data?.Markdown?.Length ?? 0} characters");
        }
        #endregion
        return batch;
    }
}

#region getting-started-service
// Register it next to the client: builder.Services.AddGeonodeScraper(...); builder.Services.AddTransient<PagePreviewer>();
public sealed class PagePreviewer(IScraperClient client)
{
    public async Task<string> PreviewAsync(string url, CancellationToken cancellationToken)
    {
        ExtractResult page = await client.ExtractAsync(new ExtractRequest { Url = url }, cancellationToken: cancellationToken);
        return page.Data.Markdown ?? string.Empty;
    }
}
#endregion
