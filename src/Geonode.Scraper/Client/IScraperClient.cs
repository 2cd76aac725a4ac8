namespace Geonode.Scraper;

/// <summary>The Geonode Scraper API. Implemented by <see cref="ScraperClient"/>; mock it in your own tests.</summary>
public interface IScraperClient
{
    /// <summary>Extracts one page and returns its content, whatever the processing mode: in synchronous mode (the default)
    /// from the POST itself, in asynchronous mode by starting a job and waiting for it.</summary>
    /// <param name="request">What to extract.</param>
    /// <param name="polling">How to wait in asynchronous mode; <see langword="null"/> for the client's defaults.</param>
    /// <param name="cancellationToken">Cancels the call (and the wait, not the job).</param>
    /// <returns>The extracted content.</returns>
    /// <exception cref="ArgumentException">The request is invalid (checked before anything is sent).</exception>
    /// <exception cref="ExtractionFailedException">A synchronous extraction reached the page but could not extract it
    /// (inferred from the 422 body; see the exception's remarks).</exception>
    /// <exception cref="JobFailedException">An asynchronous extraction job failed.</exception>
    /// <exception cref="JobTimeoutException">An asynchronous job did not end within <see cref="PollingOptions.Timeout"/>.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    Task<ExtractResult> ExtractAsync(ExtractRequest request, PollingOptions? polling = null, CancellationToken cancellationToken = default);

    /// <summary>Starts an asynchronous extraction job and returns at once (<c>POST /v1/extract</c>, <c>processing_mode: async</c>).</summary>
    /// <param name="request">What to extract; its processing mode is ignored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted job.</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    Task<ExtractJobAccepted> StartExtractAsync(ExtractRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an extraction job (<c>GET /v1/extract/{job_id}</c>).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ScraperNotFoundException">No such job for this API key.</exception>
    Task<ExtractJob> GetExtractJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until an extraction job ends and returns it completed.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="polling">How to wait; <see langword="null"/> for the client's defaults.</param>
    /// <param name="progress">Receives every snapshot.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>; the job goes on.</param>
    /// <returns>The completed job.</returns>
    /// <exception cref="JobFailedException">The job failed; <see cref="JobFailedException.Error"/> says why.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    /// <exception cref="JobTimeoutException">The job did not end within <see cref="PollingOptions.Timeout"/>.</exception>
    Task<ExtractJob> WaitForExtractJobAsync(string jobId, PollingOptions? polling = null, IProgress<ExtractJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a batch job with one page of its item results (<c>GET /v1/batch/{job_id}</c>).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="page">The 1-based result page.</param>
    /// <param name="pageSize">Results per page, 1 to 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job with the requested results.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="page"/> or <paramref name="pageSize"/> is out of range.</exception>
    /// <exception cref="ScraperNotFoundException">No such job for this API key.</exception>
    Task<BatchJob> GetBatchAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default);

    /// <summary>Waits until a batch job ends and returns its last status (counters and at most one result; read all results
    /// with the result pages).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="polling">How to wait, including <see cref="PollingOptions.CancelJobOnTimeout"/>.</param>
    /// <param name="progress">Receives every snapshot, with its counters.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>; the job goes on.</param>
    /// <returns>The completed job.</returns>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    /// <exception cref="JobTimeoutException">The job did not end within <see cref="PollingOptions.Timeout"/>.</exception>
    Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a queued or running batch job (<c>DELETE /v1/batch/{job_id}</c>); items already running may still finish.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellation, with the number of URLs still in flight.</returns>
    /// <exception cref="ScraperConflictException">The job has already ended and can no longer be cancelled.</exception>
    /// <exception cref="ScraperNotFoundException">No such job for this API key.</exception>
    Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Reads a crawl job with one page of its page results (<c>GET /v1/crawl/{job_id}</c>).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="page">The 1-based result page.</param>
    /// <param name="pageSize">Results per page, 1 to 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job with the requested results.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="page"/> or <paramref name="pageSize"/> is out of range.</exception>
    /// <exception cref="ScraperNotFoundException">No such job for this API key.</exception>
    Task<CrawlJob> GetCrawlAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default);

    /// <summary>Waits until a crawl job ends and returns its last status (counters and at most one page result).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="polling">How to wait, including <see cref="PollingOptions.CancelJobOnTimeout"/>.</param>
    /// <param name="progress">Receives every snapshot, with its counters.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>; the job goes on.</param>
    /// <returns>The completed job.</returns>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    /// <exception cref="JobTimeoutException">The job did not end within <see cref="PollingOptions.Timeout"/>.</exception>
    Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a queued or running crawl job (<c>DELETE /v1/crawl/{job_id}</c>).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancellation, with the number of pages still in flight.</returns>
    /// <exception cref="ScraperConflictException">The job has already ended and can no longer be cancelled.</exception>
    /// <exception cref="ScraperNotFoundException">No such job for this API key.</exception>
    Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists extraction jobs, one page (<c>GET /v1/extract/jobs</c>).</summary>
    /// <param name="query">Filters and paging; <see langword="null"/> for the first page of all jobs.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of jobs.</returns>
    /// <exception cref="ArgumentException">The page or page size (1 to 100) is out of range.</exception>
    Task<PagedResult<ExtractJobSummary>> ListExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every extraction job matching the filters, page after page from <see cref="ExtractJobQuery.Page"/>.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<ExtractJobSummary> ListAllExtractJobsAsync(ExtractJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a batch of 1 to 1,000 URLs (<c>POST /v1/batch</c>). <c>ignore_invalid_urls</c> is always sent.</summary>
    /// <param name="request">The URLs and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted job, with the number of accepted URLs and the URLs the server skipped.</returns>
    /// <exception cref="ArgumentException">No URLs, more than 1,000, or (unless <see cref="BatchRequest.IgnoreInvalidUrls"/>) a malformed one.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    Task<BatchJobAccepted> StartBatchAsync(BatchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists batch jobs, one page (<c>GET /v1/batch/jobs</c>).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of jobs.</returns>
    Task<PagedResult<BatchJobSummary>> ListBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every batch job matching the filters.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<BatchJobSummary> ListAllBatchJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads every item result of a batch as it stands now, across result pages of 50, each once.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The items.</returns>
    IAsyncEnumerable<BatchItem> GetBatchItemsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Yields each batch item once it has settled, while the batch runs; ends after the batch ends and the rest is
    /// read. Throws <see cref="JobFailedException"/> or <see cref="JobCancelledException"/> after the last item of a batch
    /// that failed or was cancelled.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="polling">How often to poll the status; <see langword="null"/> for the client's defaults.</param>
    /// <param name="progress">Receives every status snapshot, with its counters.</param>
    /// <param name="cancellationToken">Cancels the enumeration (not the job).</param>
    /// <returns>The items, as they settle.</returns>
    IAsyncEnumerable<BatchItem> WatchBatchItemsAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a crawl (<c>POST /v1/crawl</c>).</summary>
    /// <param name="request">The seed URL and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted job.</returns>
    /// <exception cref="ArgumentException">The URL is not absolute, the depth is outside 1 to 10 or the limit outside 1 to 10,000.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    Task<CrawlJobAccepted> StartCrawlAsync(CrawlRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists crawl jobs, one page (<c>GET /v1/crawl/jobs</c>).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of jobs.</returns>
    Task<PagedResult<CrawlJobSummary>> ListCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every crawl job matching the filters.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<CrawlJobSummary> ListAllCrawlJobsAsync(JobListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads every page result of a crawl as it stands now, across result pages of 50, each once.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The crawled pages.</returns>
    IAsyncEnumerable<CrawlPage> GetCrawlPagesAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Yields each crawled page once it has settled, while the crawl runs; ends after the crawl ends and the rest is
    /// read. Throws <see cref="JobFailedException"/> or <see cref="JobCancelledException"/> after the last page of a crawl
    /// that failed or was cancelled, and <see cref="JobTimeoutException"/> past <see cref="PollingOptions.Timeout"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="polling">How often to poll the status; <see langword="null"/> for the client's defaults.</param>
    /// <param name="progress">Receives every status snapshot, with its counters (pages done and discovered).</param>
    /// <param name="cancellationToken">Cancels the enumeration (not the job).</param>
    /// <returns>The pages, as they settle.</returns>
    IAsyncEnumerable<CrawlPage> WatchCrawlPagesAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Discovers a site's URLs from its sitemaps and the seed page's links (<c>POST /v1/map</c>, synchronous).</summary>
    /// <param name="request">The base URL and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The URLs found.</returns>
    /// <exception cref="ScraperApiException">HTTP 408 when discovery timed out, or another error status.</exception>
    Task<MapResult> MapAsync(MapRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a map job with its URLs (<c>GET /v1/map/{job_id}</c>).</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    Task<MapJob> GetMapJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists map jobs, one page (<c>GET /v1/map/jobs</c>).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of jobs.</returns>
    Task<PagedResult<MapJobSummary>> ListMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every map job matching the filters.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<MapJobSummary> ListAllMapJobsAsync(MapJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a web search (<c>POST /v1/search</c>).</summary>
    /// <param name="request">The query and options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The results and the search job id.</returns>
    /// <exception cref="ArgumentException">The query is empty or longer than 1,000 characters, or the page is outside 1 to 20.</exception>
    Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a search job (<c>GET /v1/search/{job_id}</c>).</summary>
    /// <remarks>Inferred: the path is not in the API reference; the docs say a completed search can be fetched by its job id,
    /// and the official tools have a "get search job" operation. A 404 for a job you just listed means the path differs.</remarks>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    Task<SearchJob> GetSearchJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists search jobs, one page (<c>GET /v1/search/jobs</c>).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of jobs.</returns>
    Task<PagedResult<SearchJob>> ListSearchJobsAsync(SearchJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every search job matching the filters.</summary>
    /// <param name="query">Filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    IAsyncEnumerable<SearchJob> ListAllSearchJobsAsync(SearchJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads live concurrency against the plan's limit (<c>GET /v1/usage</c>).</summary>
    /// <remarks>Inferred: the answer's shape is not documented; see <see cref="UsageInfo"/>.</remarks>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage, with every field the server sent.</returns>
    Task<UsageInfo> GetUsageAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads aggregate statistics (<c>GET /v1/statistics</c>); the API defaults to the last 30 days.</summary>
    /// <param name="startDate">The start of the period, or <see langword="null"/>.</param>
    /// <param name="endDate">The end of the period, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException"><paramref name="startDate"/> is after <paramref name="endDate"/>.</exception>
    Task<Statistics> GetStatisticsAsync(DateTimeOffset? startDate = null, DateTimeOffset? endDate = null, CancellationToken cancellationToken = default);

    /// <summary>Checks the service (<c>GET /health</c>): a 2xx is healthy, a 5xx unhealthy.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The health status.</returns>
    Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a webhook (<c>POST /v1/webhooks</c>); the answer carries the signing secret, shown only this once.</summary>
    /// <param name="request">The URL and event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook with its secret.</returns>
    Task<Webhook> CreateWebhookAsync(WebhookCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists webhooks, one page (<c>GET /v1/webhooks</c>); secrets are not included.</summary>
    /// <param name="page">The 1-based page.</param>
    /// <param name="pageSize">The page size, 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of webhooks.</returns>
    Task<PagedResult<Webhook>> ListWebhooksAsync(int page = 1, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Lists every webhook.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The webhooks.</returns>
    IAsyncEnumerable<Webhook> ListAllWebhooksAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one webhook (<c>GET /v1/webhooks/{id}</c>).</summary>
    /// <remarks>Inferred: the error table lists "webhook get" but no page shows its path; the SDK uses the REST convention.</remarks>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook.</returns>
    Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default);

    /// <summary>Changes a webhook (<c>PATCH /v1/webhooks/{id}</c>); unset properties are left as they are, and
    /// <see cref="WebhookUpdateRequest.Description"/> set to <see langword="null"/> clears the description.</summary>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated webhook.</returns>
    Task<Webhook> UpdateWebhookAsync(string webhookId, WebhookUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a webhook (<c>DELETE /v1/webhooks/{id}</c>). Idempotent by meaning: a webhook that is already gone
    /// (404) is what the caller asked for, so it is not an error.</summary>
    /// <remarks>Inferred: the 204 answer is documented, the path is not; the SDK uses the REST convention. A 404 may also
    /// answer a send that an HTTP handler repeated by itself after the first one's answer was lost (it does so for a bodiless
    /// DELETE): the webhook was deleted by the first.</remarks>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the API answered that it deleted the webhook; <see langword="false"/> when no
    /// webhook with that id exists (already deleted, or a wrong id).</returns>
    Task<bool> DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a webhook's signing secret (<c>POST /v1/webhooks/{id}/rotate-secret</c>); the old one stops working at once.</summary>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new secret.</returns>
    Task<WebhookSecret> RotateWebhookSecretAsync(string webhookId, CancellationToken cancellationToken = default);

    /// <summary>Lists a webhook's delivery attempts, one page (<c>GET /v1/webhooks/{id}/deliveries</c>).</summary>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="query">Status filter and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of deliveries.</returns>
    Task<PagedResult<WebhookDelivery>> ListWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists every delivery attempt of a webhook.</summary>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="query">Status filter and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The deliveries.</returns>
    IAsyncEnumerable<WebhookDelivery> ListAllWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a batch and returns its operation: the whole life of the job in one object (wait, watch its items,
    /// cancel, export, re-run what failed, receipt). With <see cref="JobStartOptions.IdempotencyKey"/> under a job ledger,
    /// every start with the same key (in any process sharing the ledger) gets the same job, and only one sends the request.</summary>
    /// <param name="request">The batch: 1 to 1,000 URLs.</param>
    /// <param name="options">The idempotency key, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch's operation.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or a key is given without a ledger.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    /// <exception cref="ScraperUnknownOutcomeException">Under a ledger, the request's answer was lost and the job could not
    /// be told apart on the job list (it was not sent again).</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    Task<BatchOperation> StartBatchOperationAsync(BatchRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the operation of a batch from its id alone (rehydration): nothing is sent until the operation is used.</summary>
    /// <param name="jobId">The batch's id.</param>
    /// <returns>The batch's operation.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty or not a job id.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    BatchOperation GetBatchOperation(string jobId);

    /// <summary>Starts a crawl and returns its operation (wait, watch its pages, cancel, export, re-run what failed, receipt).
    /// See <see cref="StartBatchOperationAsync"/> for idempotency keys.</summary>
    /// <param name="request">The crawl.</param>
    /// <param name="options">The idempotency key, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The crawl's operation.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or a key is given without a ledger.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    /// <exception cref="ScraperUnknownOutcomeException">Under a ledger, the request's answer was lost and the job could not
    /// be told apart on the job list (it was not sent again).</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    Task<CrawlOperation> StartCrawlOperationAsync(CrawlRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the operation of a crawl from its id alone (rehydration): nothing is sent until the operation is used.</summary>
    /// <param name="jobId">The crawl's id.</param>
    /// <returns>The crawl's operation.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty or not a job id.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    CrawlOperation GetCrawlOperation(string jobId);

    /// <summary>Starts an asynchronous extraction and returns its operation. See <see cref="StartBatchOperationAsync"/> for
    /// idempotency keys.</summary>
    /// <param name="request">What to extract; its processing mode is ignored.</param>
    /// <param name="options">The idempotency key, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The extraction's operation.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or a key is given without a ledger.</exception>
    /// <exception cref="ScraperApiException">The API answered with an error status.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    Task<ExtractOperation> StartExtractOperationAsync(ExtractRequest request, JobStartOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the operation of an extraction job from its id alone (rehydration).</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>The extraction's operation.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty or not a job id.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    ExtractOperation GetExtractOperation(string jobId);

    /// <summary>
    /// Extracts any number of URLs: batches of up to 1,000 (<see cref="ScrapeManyOptions.BatchSize"/>), started in order with
    /// at most the account's concurrency limit running at once (across every client sharing the
    /// <see cref="IJobConcurrencyLimiter"/>), each URL's result yielded once as it settles, with its position in
    /// <paramref name="urls"/>. Once the enumeration ends, <see cref="ScrapeManyRun.Receipt"/> says what every batch did and cost.
    /// </summary>
    /// <remarks>
    /// <para>Every URL is checked before the first request. A URL listed twice is extracted twice (once per position).</para>
    /// <para>A 429 when starting a batch is waited out by the connection's retries (with its <c>Retry-After</c>) up to
    /// <see cref="ScrapeManyOptions.MaxThrottleWait"/>: a 429 means the server created nothing, so nothing is billed twice.
    /// A batch that ends failed or cancelled yields its items (with their statuses) and does not stop the others.</para>
    /// <para>Stopping the enumeration starts no further batch and stops following the running ones, but does not cancel
    /// them on the server; their ids are in <see cref="ScrapeManyRun.BatchJobIds"/> and on every item.</para>
    /// </remarks>
    /// <param name="urls">The URLs to extract: any number, at least one.</param>
    /// <param name="options">How to split, start and follow the batches; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to stop the enumeration.</param>
    /// <returns>The run: enumerate it once.</returns>
    /// <exception cref="ArgumentException"><paramref name="urls"/> is empty or holds a URL that is not absolute http(s),
    /// or an option is out of range.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    ScrapeManyRun ScrapeManyAsync(IEnumerable<string> urls, ScrapeManyOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the operation of a job recorded in the job ledger, to resume it after a restart or on another replica.
    /// An entry with a job id is simply rehydrated; one without (its process stopped, or the answer was lost, after the
    /// request may have been sent) is claimed, and its job is looked for on the API's job list and recorded — the request is
    /// never sent again.</summary>
    /// <param name="entry">An entry from <see cref="IJobLedger.ListInFlightAsync"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The job's operation: a <see cref="BatchOperation"/>, <see cref="CrawlOperation"/> or <see cref="ExtractOperation"/>.</returns>
    /// <exception cref="ArgumentException">The entry's kind is not batch, crawl or extract.</exception>
    /// <exception cref="InvalidOperationException">No ledger; another live process holds the entry; or its request was never sent.</exception>
    /// <exception cref="ScraperUnknownOutcomeException">No job, or several, match the entry.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Internal.Experiments.Id, UrlFormat = Internal.Experiments.UrlFormat)]
    Task<JobOperation> ResumeOperationAsync(JobLedgerEntry entry, CancellationToken cancellationToken = default);
}
