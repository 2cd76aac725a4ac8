#region usings
using Geonode.Scraper;
#endregion

namespace DocsExamples;

/// <summary>The examples of docs/errors-and-retries.md.</summary>
public static class ErrorExamples
{
    #region errors-post-once
    public static async Task<string> StartBatchOnceAsync(IScraperClient client, BatchRequest request)
    {
        DateTimeOffset before = DateTimeOffset.UtcNow.AddMinutes(-1);   // allow for clock skew with the server
        try
        {
            BatchJobAccepted accepted = await client.StartBatchAsync(request);
            return accepted.JobId;
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or ScraperResponseException
            || (ex is ScraperApiException api && (int)api.StatusCode >= 500))
        {
            // The POST may have reached the server (the SDK did not send it again): look before starting the batch again.
            await foreach (BatchJobSummary job in client.ListAllBatchJobsAsync(new JobListQuery { StartDate = before }))
            {
                if (job.AcceptedUrls == request.Urls.Count)
                {
                    return job.JobId;   // started after all: no second batch, no second bill
                }
            }

            throw;
        }
    }
    #endregion

    #region errors-retry-after
    public static async Task<UsageInfo> GetUsageHonouringRetryAfterAsync(IScraperClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await client.GetUsageAsync(cancellationToken);
            }
            catch (ScraperRateLimitException ex) when (ex.RetryAfter is { } retryAfter)
            {
                // Longer than Retry.MaxRetryAfter (60 s), so the SDK left the decision to you: wait, or give up.
                await Task.Delay(retryAfter, cancellationToken);
            }
        }
    }
    #endregion
}
