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
    /// <exception cref="ExtractionFailedException">A synchronous extraction reached the page but could not extract it.</exception>
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
}
