#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>
/// The C# snippets of README.md that need only <c>using Geonode.Scraper;</c>, compiled: a unit test checks that each README
/// block equals the usings region followed by its region here, and the integration tests run them against the emulator.
/// </summary>
public static class ReadmeExamples
{
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

    public static async Task BatchStartAndRead(IScraperClient client)
    {
        #region batch
        string[] urls = ["https://quotes.toscrape.com/", "https://quotes.toscrape.com/page/2/", "not a url"];
        BatchJobAccepted accepted = await client.StartBatchAsync(new BatchRequest
        {
            Urls = urls,
            IgnoreInvalidUrls = true,          // let the server skip "not a url" instead of rejecting the batch
            Formats = [OutputFormat.Markdown],
        });
        Console.WriteLine($"{accepted.AcceptedUrls} accepted, skipped: {string.Join(", ", accepted.InvalidUrls)}");

        await client.WaitForBatchAsync(accepted.JobId);
        await foreach (BatchItem item in client.GetBatchItemsAsync(accepted.JobId))   // every result page, 50 at a time
        {
            Console.WriteLine($"{item.Url}: {item.Status} ({item.Data?.Markdown?.Length ?? 0} chars)");
        }
        #endregion
    }

    public static async Task CrawlAndWatch(IScraperClient client)
    {
        #region crawl
        CrawlJobAccepted crawl = await client.StartCrawlAsync(new CrawlRequest
        {
            Url = "https://docs.example.net/",
            Depth = 2,                 // 1 = the seed page only; at most 10
            Limit = 200,               // at most 10,000
            SameDomainOnly = true,
        });

        // Pages arrive while the crawl runs, each once; the loop ends when the crawl has ended and every page is read.
        Directory.CreateDirectory("pages");
        await foreach (CrawlPage page in client.WatchCrawlPagesAsync(crawl.JobId))
        {
            if (page.Data?.Markdown is { } markdown)
            {
                var name = Uri.EscapeDataString(new Uri(page.Url).AbsolutePath.Trim('/'));
                await File.WriteAllTextAsync(Path.Combine("pages", (name.Length == 0 ? "index" : name) + ".md"), markdown);
            }
        }
        #endregion
    }

    public static async Task ExportCrawl(IScraperClient client, string crawlJobId)
    {
        #region export
        // Follows the crawl while it runs; run it again after an interruption and it writes only what is missing.
        ExportResult export = await client.GetCrawlOperation(crawlJobId).ExportAsync(
            Path.Combine("exports", crawlJobId),
            new ExportOptions { Format = ExportFormat.Markdown },   // or ExportFormat.Jsonl: one results.jsonl
            new Progress<ExportProgress>(p => Console.Error.WriteLine($"{p.Written} written, {p.AlreadyExported} already there, {p.Failed} failed")));

        foreach (ExportFailure failure in export.Failures)
        {
            Console.Error.WriteLine($"{failure.Url}: {failure.Status} {failure.ErrorCode} {failure.ErrorMessage}");
        }

        Console.WriteLine($"receipt beside the pages: {export.ReceiptPath}");
        #endregion
    }

    public static async Task ResumeFromLedger()
    {
        #region ledger
        var ledger = new FileJobLedger("state/jobs.jsonl");
        using var client = new ScraperClient(new ScraperClientOptions { JobLedger = ledger });

        // After a restart: pick up what the last run left in flight, by id. Nothing is started (or billed) again: an entry
        // whose answer was lost is looked for on the API's job list (ScraperUnknownOutcomeException: none or several match).
        foreach (JobLedgerEntry entry in await ledger.ListInFlightAsync())
        {
            switch (await client.ResumeOperationAsync(entry))
            {
                case CrawlOperation crawl:
                    await crawl.ExportAsync(Path.Combine("exports", crawl.JobId));
                    break;
                case BatchOperation batch:
                    await batch.ExportAsync(Path.Combine("exports", batch.JobId));
                    break;
                case ExtractOperation extraction:
                    await extraction.WaitForCompletionAsync();
                    break;
            }
        }
        #endregion
    }

    public static async Task ListJobs(IScraperClient client)
    {
        #region lists
        // One page...
        PagedResult<ExtractJobSummary> page = await client.ListExtractJobsAsync(new ExtractJobQuery { Status = JobStatus.Failed, PageSize = 100 });
        Console.WriteLine($"page {page.Page} of {page.PageCount}");

        // ...or every page. Each list endpoint has both: ListXAsync and ListAllXAsync.
        await foreach (ExtractJobSummary job in client.ListAllExtractJobsAsync(new ExtractJobQuery { StartDate = DateTimeOffset.UtcNow.AddDays(-7) }))
        {
            Console.WriteLine($"{job.JobId} {job.Status} {job.Url}");
        }

        await foreach (CrawlJobSummary crawl in client.ListAllCrawlJobsAsync())
        {
            Console.WriteLine($"{crawl.JobId} {crawl.Url}: {crawl.CompletedPages}/{crawl.TotalPages}");
        }
        #endregion
    }

    public static async Task MapAndSearch(IScraperClient client)
    {
        #region map-search
        MapResult map = await client.MapAsync(new MapRequest { Url = "https://blog.example.io/", Search = "2026" });
        foreach (MapLink link in map.Links)
        {
            Console.WriteLine($"{link.Url} (from {link.Source})");
        }

        SearchResponse search = await client.SearchAsync(new SearchRequest { Query = "headless browser pooling", Locale = "en-US", Safe = SearchSafety.Moderate });
        foreach (SearchHit hit in search.Results)
        {
            Console.WriteLine($"{hit.Position}. {hit.Title} {hit.Url}");
        }
        #endregion
    }

    public static async Task Account(IScraperClient client)
    {
        #region account
        UsageInfo usage = await client.GetUsageAsync();              // undocumented shape: every field is in AdditionalProperties
        Statistics stats = await client.GetStatisticsAsync(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow);
        HealthStatus health = await client.CheckHealthAsync();
        Console.WriteLine($"{usage.ConcurrencyInUse}/{usage.ConcurrencyLimit} threads, {stats.ExtractionCount} extractions, "
            + $"{stats.SuccessRate:P1} success, healthy: {health.IsHealthy}");
        #endregion
    }

    public static async Task ManageWebhooks(IScraperClient client)
    {
        #region webhooks
        Webhook webhook = await client.CreateWebhookAsync(new WebhookCreateRequest
        {
            Url = "https://hooks.example.dev/geonode",
            EventType = WebhookEventType.CrawlCompleted,
            Description = "crawl finisher",
        });
        string secret = webhook.Secret!;   // shown only now: store it in your secret store

        WebhookSecret rotated = await client.RotateWebhookSecretAsync(webhook.Id);   // the old secret stops working at once
        await client.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { IsActive = false });
        await foreach (WebhookDelivery delivery in client.ListAllWebhookDeliveriesAsync(webhook.Id, new WebhookDeliveryQuery { Status = WebhookDeliveryStatus.Failed }))
        {
            Console.WriteLine($"{delivery.Id}: attempt {delivery.AttemptNumber}, HTTP {delivery.HttpStatus}");
        }
        #endregion
        _ = (secret, rotated);
    }

}
