using System.Diagnostics.CodeAnalysis;
using System.Net;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// An asynchronous extraction job's whole life: wait for it and read its content. Start one with
/// <see cref="IScraperClient.StartExtractOperationAsync"/>, or get one back from a job id with
/// <see cref="IScraperClient.GetExtractOperation"/>. The API has no cancel for extraction jobs.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public class ExtractOperation : JobOperation<ExtractJob>
{
    private readonly ExtractJobAccepted? _accepted;

    /// <summary>Initializes a new instance of the <see cref="ExtractOperation"/> class for a test double: override the
    /// members it uses; the others throw <see cref="InvalidOperationException"/>.</summary>
    protected ExtractOperation()
    {
    }

    internal ExtractOperation(ExtractOperationCore core, ExtractJobAccepted? accepted)
        : base(core) => _accepted = accepted;

    /// <summary>Gets the API's answer to the request that started the job; <see langword="null"/> for an operation got back
    /// from a job id.</summary>
    public virtual ExtractJobAccepted? Accepted => _accepted;

    /// <summary>Waits for the job and returns its content, as <see cref="IScraperClient.ExtractAsync"/> does.</summary>
    /// <param name="options">How to poll.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The extracted content, its metadata and the tokens charged.</returns>
    /// <exception cref="JobFailedException">The extraction failed.</exception>
    /// <exception cref="JobTimeoutException">The deadline passed first.</exception>
    /// <exception cref="ScraperResponseException">The job completed without content.</exception>
    public virtual async Task<ExtractResult> GetResultAsync(JobWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var job = await WaitForCompletionAsync(options, null, cancellationToken).ConfigureAwait(false);
        if (!job.Status.IsTerminal)
        {
            throw new InvalidOperationException($"Extraction job {job.JobId} is still running ({job.Status}) after options.StopWaitingAfter.");
        }

        if (job.Data is null)
        {
            throw new ScraperResponseException(HttpStatusCode.OK, $"Job {job.JobId} completed but the API returned no data for it.");
        }

        return new ExtractResult { Data = job.Data, Metadata = job.Metadata, TokensCharged = job.TokensCharged, JobId = job.JobId };
    }
}
