// Opt-in live contract tests against the real API; never run by CI, skipped (and free) without a key:
//   GEONODE_SCRAPER_API_KEY=... dotnet test tests/Geonode.Scraper.LiveTests --filter Category=Live --logger "console;verbosity=detailed"
namespace Geonode.Scraper.LiveTests;

/// <summary>
/// Every endpoint once, at the smallest cost, against the real API; each check of an "Inferred:" item in the SDK's docs
/// prints HELD, DID NOT HOLD or UNDECIDED. Billed: one sync extract, one 1-URL batch, one depth-1 limit-1 crawl, one map and
/// one search (failed extractions and validation errors are not charged).
/// </summary>
[Trait("Category", "Live")]
public sealed class LiveContractTests(LiveFixture fixture, ITestOutputHelper output) : IClassFixture<LiveFixture>
{
    private static readonly JobStatus[] KnownStatuses =
        [JobStatus.Queued, JobStatus.Pending, JobStatus.Processing, JobStatus.Completed, JobStatus.Failed, JobStatus.Cancelled];

    private readonly IScraperClient _client = fixture.Client;
    private readonly ContractLog _log = new(output);

    [LiveFact]
    public async Task HealthUsageStatistics_AnswerAndUsageHasTheGuessedShape()
    {
        var health = await _client.CheckHealthAsync();
        var usage = await _client.GetUsageAsync();
        var stats = await _client.GetStatisticsAsync(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow);

        _log.Check(health.IsHealthy, "Inferred: GET /health answers 2xx when healthy", $"HTTP {(int)health.StatusCode}, body {Cut(health.RawBody)}");
        _log.Check(
            usage.ConcurrencyInUse is not null && usage.ConcurrencyLimit is not null,
            "Inferred: GET /v1/usage has concurrency_in_use and concurrency_limit",
            $"in use {usage.ConcurrencyInUse?.ToString() ?? "absent"}, limit {usage.ConcurrencyLimit?.ToString() ?? "absent"}, other fields: "
            + string.Join(", ", usage.AdditionalProperties?.Select(p => $"{p.Key}={Cut(p.Value.GetRawText(), 40)}") ?? []));
        _log.Note($"statistics: {stats.ExtractionCount} extractions over 7 days, success rate {stats.SuccessRate}");
        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task SyncExtract_TinyPage_DefaultFormatsNetworkIdleAndMilliseconds()
    {
        var (result, networkIdleRejected) = await fixture.SyncExtract;

        if (networkIdleRejected is null)
        {
            _log.Held("Inferred: wait_until accepts networkidle", "a sync extract with it succeeded");
        }
        else
        {
            _log.DidNotHold("Inferred: wait_until accepts networkidle", networkIdleRejected.Message);
        }

        _log.Check(
            result.Data.Markdown is not null && result.Data.Html is null,
            "Inferred: the extract formats default is [\"markdown\"]",
            $"markdown {(result.Data.Markdown is null ? "absent" : result.Data.Markdown.Length + " chars")}, html {(result.Data.Html is null ? "absent" : "present")}, metadata.formats [{string.Join(",", result.Metadata?.Formats ?? [])}]");
        CheckMilliseconds("Inferred: metadata.duration_ms of a sync extract is in milliseconds", result.Metadata?.DurationMs);
        _log.Note($"sync extract: job_id {(result.JobId is null ? "absent" : "present")}, {result.TokensCharged} request(s) charged");
        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task SyncExtract_UnreachableHost_IsAnExtractionFailure()
    {
        try
        {
            await _client.ExtractAsync(new ExtractRequest { Url = "https://geonode-scraper-dotnet-live-test.invalid/" });
            _log.Undecided("Inferred: a failed sync extract is a 422 read as ExtractionFailedException", "the extract of an unresolvable host succeeded");
        }
        catch (ScraperApiException ex)
        {
            _log.Check(
                ex is ExtractionFailedException,
                "Inferred: a failed sync extract is a 422 read as ExtractionFailedException",
                $"{ex.GetType().Name}, HTTP {(int)ex.StatusCode}, code {ex.ErrorCode ?? "none"}, retryable {ex.IsRetryable?.ToString() ?? "unset"}, body {Cut(ex.ResponseBody)}");
        }

        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Batch_OneUrl_ExtractLinksItemStatusesAndCancelOfAFinishedJob()
    {
        var batch = await fixture.FinishedBatch;
        var items = await _client.GetBatchItemsAsync(batch.JobId).ToListAsync();

        batch.Status.Should().Be(JobStatus.Completed);
        items.Should().ContainSingle();
        _log.Check(items[0].Data?.Links is not null, "Inferred: extract_links is honoured on a batch", $"data.links {(items[0].Data?.Links is { } links ? links.Count + " links" : "absent")}");
        _log.Check(
            items.All(i => KnownStatuses.Contains(i.Status)),
            "Inferred: batch item statuses are among queued/pending/processing/completed/failed/cancelled",
            "seen: " + string.Join(", ", items.Select(i => i.Status.ToString()).Distinct()));
        CheckMilliseconds("Inferred: batch item metadata.duration_ms is in milliseconds", items[0].Metadata?.DurationMs);
        await CheckCancelOfFinishedJobAsync("batch", () => _client.CancelBatchAsync(batch.JobId));
        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Crawl_DepthOneLimitOne_SeedOnlyAtDepthOneAndCancelOfAFinishedJob()
    {
        var crawl = await fixture.FinishedCrawl;
        var pages = await _client.GetCrawlPagesAsync(crawl.JobId).ToListAsync();

        crawl.Status.Should().Be(JobStatus.Completed);
        _log.Check(
            pages.Count == 1 && pages[0].Depth == 1 && pages[0].ParentUrl is null,
            "Inferred: crawl depth 1 is the seed page only, and the seed is at depth 1",
            $"{pages.Count} page(s), depths [{string.Join(",", pages.Select(p => p.Depth))}], total_pages {crawl.TotalPages}");
        _log.Note("crawl page statuses seen: " + string.Join(", ", pages.Select(p => p.Status.ToString()).Distinct()));
        await CheckCancelOfFinishedJobAsync("crawl", () => _client.CancelCrawlAsync(crawl.JobId));
        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Map_AnswerAndJob()
    {
        var map = await fixture.Map;

        _log.Note($"map: success {map.Success}, {map.Links.Count} links, warning {map.Warning ?? "none"}");
        if (map.JobId is null)
        {
            _log.Held("Inferred: the POST /v1/map answer may have no job_id", "it has none, as documented");
        }
        else
        {
            var job = await _client.GetMapJobAsync(map.JobId);
            _log.Note($"the POST /v1/map answer carries job_id; GET /v1/map/{{id}} gives status {job.Status}, {job.LinksCount} links");
            CheckMilliseconds("Inferred: map job duration_ms is in milliseconds", job.DurationMs);
        }

        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Search_AnswerAndTheInferredJobPath()
    {
        var search = await fixture.Search;
        _log.Note($"search: job_id {search.JobId ?? "absent"}, {search.Results.Count} results, suggestions {search.Suggestions?.Count.ToString() ?? "absent"}");

        if (search.JobId is null)
        {
            _log.Undecided("Inferred: GET /v1/search/{job_id} exists", "the search answer has no job_id");
        }
        else
        {
            try
            {
                var job = await _client.GetSearchJobAsync(search.JobId);
                _log.Held("Inferred: GET /v1/search/{job_id} exists", $"status {job.Status}, {job.ResultsCount} results, extra fields: {string.Join(", ", job.AdditionalProperties?.Keys ?? [])}");
                CheckMilliseconds("Inferred: search job duration_ms is in milliseconds", job.DurationMs);
            }
            catch (ScraperNotFoundException ex)
            {
                _log.DidNotHold("Inferred: GET /v1/search/{job_id} exists", ex.Message);
            }
        }

        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Lists_EachStatusFilterIsHonouredAndPageCountIsTheTotal()
    {
        // Make sure no list is empty on a new account (each call is made once per run, whichever test comes first).
        await fixture.SyncExtract;
        await fixture.FinishedBatch;
        await fixture.FinishedCrawl;
        await fixture.Map;
        await fixture.Search;

        await CheckListAsync("GET /v1/extract/jobs ?status=", documented: true, (s, size) => _client.ListExtractJobsAsync(new ExtractJobQuery { Status = s, PageSize = size }), j => j.Status);
        await CheckListAsync("GET /v1/batch/jobs ?job_status=", documented: false, (s, size) => _client.ListBatchJobsAsync(new JobListQuery { Status = s, PageSize = size }), j => j.Status);
        await CheckListAsync("GET /v1/crawl/jobs ?job_status=", documented: false, (s, size) => _client.ListCrawlJobsAsync(new JobListQuery { Status = s, PageSize = size }), j => j.Status);
        await CheckListAsync("GET /v1/map/jobs ?job_status=", documented: false, (s, size) => _client.ListMapJobsAsync(new MapJobQuery { Status = s, PageSize = size }), j => j.Status);
        await CheckListAsync("GET /v1/search/jobs ?job_status=", documented: false, (s, size) => _client.ListSearchJobsAsync(new SearchJobQuery { Status = s, PageSize = size }), j => j.Status);

        var extracts = await _client.ListExtractJobsAsync(new ExtractJobQuery { PageSize = 10 });
        if (extracts.Items.FirstOrDefault(j => j.ExecutionTime is not null) is { } timed)
        {
            _log.Check(timed.ExecutionTime >= 10, "Inferred: execution_time is in milliseconds", $"{timed.ExecutionTime} for job {timed.JobId}");
        }
        else
        {
            _log.Undecided("Inferred: execution_time is in milliseconds", "no listed extraction job has one");
        }

        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Webhook_CreateGetClearDescriptionRotateDeliveriesDelete()
    {
        var created = await _client.CreateWebhookAsync(new WebhookCreateRequest
        {
            Url = "https://example.com/geonode-scraper-dotnet-live-test",
            EventType = WebhookEventType.CrawlCompleted,
            Description = "geonode-scraper-dotnet live contract test; safe to delete",
        });
        var deleted = false;
        try
        {
            created.Secret.Should().NotBeNullOrEmpty();
            _log.Note($"webhook secret prefix: {(created.Secret!.StartsWith("whsec_", StringComparison.Ordinal) ? "whsec_" : "other")}");
            await ExpectPathAsync("Inferred: GET /v1/webhooks/{id} exists", () => _client.GetWebhookAsync(created.Id));

            var cleared = await _client.UpdateWebhookAsync(created.Id, new WebhookUpdateRequest { Description = null });
            _log.Check(cleared.Description is null, "Inferred: PATCH with \"description\": null clears it", $"description after: {cleared.Description ?? "null"}");

            var rotated = await _client.RotateWebhookSecretAsync(created.Id);
            rotated.Secret.Should().NotBe(created.Secret);
            var deliveries = await _client.ListWebhookDeliveriesAsync(created.Id);
            _log.Note($"deliveries of the new webhook: {deliveries.Items.Count}");

            await _client.DeleteWebhookAsync(created.Id);
            deleted = true;
            try
            {
                await _client.GetWebhookAsync(created.Id);
                _log.DidNotHold("Inferred: DELETE /v1/webhooks/{id} deletes", "the webhook can still be read after the delete");
            }
            catch (ScraperNotFoundException)
            {
                _log.Held("Inferred: DELETE /v1/webhooks/{id} deletes", "204, then 404 on read");
            }
        }
        catch (ScraperApiException ex) when (!deleted && ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed)
        {
            _log.DidNotHold("Inferred: the webhook paths under /v1/webhooks/{id}", ex.Message);
        }
        finally
        {
            if (!deleted)
            {
                await DeleteQuietlyAsync(created.Id);
            }
        }

        _log.AssertAllHeld();
    }

    [LiveFact]
    public async Task Errors_NotFoundEnvelopeAndCorrelationId()
    {
        var ex = (await FluentActions.Awaiting(() => _client.GetExtractJobAsync(Guid.NewGuid().ToString()))
            .Should().ThrowAsync<ScraperNotFoundException>()).Which;

        var parsed = ex.ErrorCode is not null || ex.ServerMessage is not null || ex.ValidationErrors.Count > 0;
        _log.Check(
            parsed || string.IsNullOrEmpty(ex.ResponseBody),
            "Inferred: error bodies are {code, message, ...} or FastAPI {detail}",
            $"code {ex.ErrorCode ?? "none"}, message {ex.ServerMessage ?? "none"}, body {Cut(ex.ResponseBody)}");
        if (ex.CorrelationId is null)
        {
            _log.Undecided("Inferred: a correlation id comes in the body or in X-Correlation-Id / X-Request-Id", "the 404 carried none");
        }
        else
        {
            var inBody = ex.ResponseBody?.Contains("correlation_id", StringComparison.Ordinal) == true;
            _log.Held("Inferred: a correlation id comes in the body or in X-Correlation-Id / X-Request-Id", inBody ? "from the body's correlation_id" : "from a response header");
        }

        _log.AssertAllHeld();
    }

    private async Task CheckListAsync<T>(string name, bool documented, Func<JobStatus?, int, Task<PagedResult<T>>> list, Func<T, JobStatus> status)
    {
        var filterItem = $"{(documented ? "Documented" : "Inferred")}: {name} honours the status filter";
        var all = await list(null, 100);
        var seen = all.Items.Select(status).Distinct().ToList();
        _log.Note($"{name}: {all.Items.Count} job(s) on the first page, statuses [{string.Join(", ", seen)}]");
        if (seen.Any(s => !KnownStatuses.Contains(s)))
        {
            _log.DidNotHold($"Inferred: {name} job statuses are among the known ones", "seen: " + string.Join(", ", seen));
        }

        if (all.Items.Count == 0)
        {
            _log.Undecided(filterItem, "the list is empty");
            return;
        }

        // Preferably a status no job on the unfiltered page has: an honoured filter returns none of the jobs seen.
        var probe = KnownStatuses.Where(s => !seen.Contains(s)).DefaultIfEmpty(seen[0]).First();
        var filtered = await list(probe, 100);
        var wrong = filtered.Items.Where(j => status(j) != probe).ToList();
        _log.Check(wrong.Count == 0, filterItem, $"filtered by {probe}: {filtered.Items.Count} job(s), {wrong.Count} of another status");

        if (all.Items.Count >= 2 && all.PageCount <= 1)
        {
            var single = await list(null, 1);
            _log.Check(single.PageCount == all.Items.Count, $"Inferred: {name} page_count is the total number of pages", $"page_size=1 gives page_count {single.PageCount} for {all.Items.Count} jobs");
        }
    }

    private async Task CheckCancelOfFinishedJobAsync<T>(string kind, Func<Task<T>> cancel)
    {
        try
        {
            await cancel();
            _log.DidNotHold($"Documented: cancelling a finished {kind} answers 409", "the cancel was accepted");
        }
        catch (ScraperConflictException ex)
        {
            _log.Held($"Documented: cancelling a finished {kind} answers 409", $"code {ex.ErrorCode ?? "none"}");
        }
    }

    private async Task ExpectPathAsync<T>(string item, Func<Task<T>> call)
    {
        try
        {
            await call();
            _log.Held(item, "it answered 2xx");
        }
        catch (ScraperNotFoundException ex)
        {
            _log.DidNotHold(item, ex.Message);
        }
    }

    private void CheckMilliseconds(string item, long? value)
    {
        if (value is null)
        {
            _log.Undecided(item, "no value was sent");
        }
        else
        {
            // Fetching a page takes well over 10 ms; a value below that is more likely seconds.
            _log.Check(value >= 10, item, $"{value}");
        }
    }

    private async Task DeleteQuietlyAsync(string webhookId)
    {
        try
        {
            await _client.DeleteWebhookAsync(webhookId);
        }
        catch (ScraperApiException ex)
        {
            output.WriteLine($"could not delete the test webhook {webhookId}: {ex.Message}; delete it by hand");
        }
    }

    private static string Cut(string? text, int max = 200) =>
        text is null ? "none" : text.Length <= max ? text : text[..max] + "…";
}
