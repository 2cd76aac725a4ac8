namespace Geonode.Scraper.Internal;

/// <summary>What an <see cref="ExtractOperation"/> does: extraction jobs have no counters, no results to page through and
/// no cancel endpoint.</summary>
internal sealed class ExtractOperationCore(OperationRuntime runtime, string jobId, bool justStarted)
    : OperationCore<ExtractJob>(runtime, jobId, justStarted)
{
    protected override Task<ExtractJob> ReadAsync(CancellationToken cancellationToken) => Runtime.Extracts.GetAsync(JobId, cancellationToken);

    protected override PollRequest<ExtractJob> CreateRequest(PollingSettings polling, IProgress<ExtractJob> progress, TokenBudget? budget, TimeSpan? timeLimit, bool justStarted, string paramName)
    {
        if (budget is not null)
        {
            throw new ArgumentException("An extraction job is charged one token when it succeeds: a token budget applies to batches and crawls.", paramName);
        }

        return Runtime.Extracts.PollRequest(JobId, polling, progress, justStarted, timeLimit);
    }
}
