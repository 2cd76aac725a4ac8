using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Geonode.Scraper.Samples;

/// <summary>
/// Every C# snippet in README.md, compiled. A unit test checks that each README block equals its region here,
/// so the README cannot drift from code that builds.
/// </summary>
internal static class ReadmeSnippets
{
    public static void RegisterInCode(IServiceCollection services)
    {
        #region di-code
        services.AddGeonodeScraper(options =>
        {
            options.ApiKey = Environment.GetEnvironmentVariable("MY_SCRAPER_KEY");
            options.ApplicationId = "docs-indexer/1.0";   // appended to the User-Agent
            options.Polling.Timeout = TimeSpan.FromMinutes(10);
        });
        #endregion
    }

    public static void RegisterFromConfiguration(string[] args)
    {
        #region di-configuration
        // appsettings.json: { "GeonodeScraper": { "ApiKey": "...", "Retry": { "MaxRetries": 5 } } }
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"));
        #endregion
    }

    public static async Task PlainClient()
    {
        #region plain-client
        using var client = new ScraperClient("your-api-key");
        // or: new ScraperClient(new ScraperClientOptions()) to read GEONODE_SCRAPER_API_KEY
        var page = await client.ExtractAsync(new ExtractRequest { Url = "https://example.com/" });
        Console.WriteLine(page.Data.Markdown);
        #endregion
    }

    public static async Task ExtractSync(IScraperClient client)
    {
        #region extract-sync
        ExtractResult result = await client.ExtractAsync(new ExtractRequest
        {
            Url = "https://shop.example.org/catalog?page=3",
            Formats = [OutputFormat.Markdown, OutputFormat.Html],
            RenderJs = true,
            ExtractLinks = true,
            Proxy = new ProxySettings { Country = "DE", Type = ProxyType.Datacenter },
            WaitConfig = new WaitConfig { WaitUntil = WaitUntil.Load, WaitFor = "#product-grid", WaitTimeout = 15_000 },
        });
        Console.WriteLine(result.Data.Markdown);
        Console.WriteLine($"{result.Data.Links?.Count} links, HTTP {result.Metadata?.HttpStatus}, {result.TokensCharged} request(s) charged");
        #endregion
    }

    public static async Task ExtractAsyncMode(IScraperClient client)
    {
        #region extract-async
        // Same call, asynchronous mode: the SDK starts a job and polls it with backoff until it ends.
        var result = await client.ExtractAsync(new ExtractRequest
        {
            Url = "https://slow.example.org/report",
            ProcessingMode = ProcessingMode.Async,
        });

        // Or drive the job yourself.
        ExtractJobAccepted accepted = await client.StartExtractAsync(new ExtractRequest { Url = "https://example.org/" });
        ExtractJob job = await client.WaitForExtractJobAsync(accepted.JobId);
        Console.WriteLine(job.Data?.Markdown);
        #endregion
        _ = result;
    }

    public static async Task WaitForBatch(IScraperClient client, string batchJobId)
    {
        #region wait-batch
        var progress = new Progress<BatchJob>(b =>
            Console.WriteLine($"{b.CompletedUrls + b.FailedUrls}/{b.TotalUrls} done, {b.FailedUrls} failed"));

        BatchJob batch = await client.WaitForBatchAsync(batchJobId, progress: progress);

        // Results come in pages of up to 50.
        BatchJob firstPage = await client.GetBatchAsync(batch.JobId, page: 1, pageSize: 50);
        foreach (BatchItem item in firstPage.Results)
        {
            Console.WriteLine($"{item.InputIndex} {item.Url}: {item.Status} {item.ErrorCode}");
        }
        #endregion
    }

    public static async Task WaitForCrawl(IScraperClient client, string crawlJobId)
    {
        #region wait-crawl
        var polling = new PollingOptions
        {
            Timeout = TimeSpan.FromMinutes(20),
            CancelJobOnTimeout = true,   // stop paying for a crawl nobody waits for
        };
        var progress = new Progress<CrawlJob>(c =>
            Console.WriteLine($"{c.CompletedPages} of {c.TotalPages} pages discovered so far"));

        CrawlJob crawl = await client.WaitForCrawlAsync(crawlJobId, polling, progress);
        Console.WriteLine($"{crawl.CompletedPages} pages, {crawl.TokenSummary?.TokensChargedTotal} requests charged");
        #endregion
    }

    public static async Task HandleErrors(IScraperClient client)
    {
        #region errors
        try
        {
            var result = await client.ExtractAsync(new ExtractRequest { Url = "https://example.org/" });
        }
        catch (ExtractionFailedException ex) when (ex.IsRetryable == true)
        {
            // The page could not be extracted this time (not charged); try again later.
        }
        catch (ScraperRateLimitException ex)
        {
            // The server asked to wait longer than Retry.MaxRetryAfter (60 s by default).
            Console.WriteLine($"Throttled; retry after {ex.RetryAfter}");
        }
        catch (ScraperValidationException ex)
        {
            foreach (var error in ex.ValidationErrors)
            {
                Console.WriteLine(error);   // body.url: invalid or missing URL scheme
            }
        }
        catch (JobFailedException ex)
        {
            Console.WriteLine($"{ex.JobId}: {ex.Error?.Code} {ex.Error?.Message}");
        }
        catch (ScraperApiException ex)
        {
            Console.WriteLine($"HTTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.ServerMessage} (correlation id {ex.CorrelationId})");
        }
        #endregion
    }
}
