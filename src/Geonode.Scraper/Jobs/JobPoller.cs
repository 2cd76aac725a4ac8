using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

/// <summary>
/// Polls a job until it reaches a terminal status, with capped exponential backoff and jitter, a deadline-aware last poll,
/// <c>Retry-After</c>, transient-error tolerance and a grace period for jobs that are not visible yet. Shared by every
/// <c>WaitFor...Async</c> method.
/// </summary>
internal sealed class JobPoller
{
    /// <summary>How far before the deadline the last poll is placed.</summary>
    internal static readonly TimeSpan FinalPollMargin = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public JobPoller(TimeProvider timeProvider, ILogger logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Polls until the job ends; returns the completed snapshot or throws a <see cref="JobException"/>.</summary>
    /// <param name="jobId">The job id, for messages and exceptions.</param>
    /// <param name="poll">Reads one snapshot.</param>
    /// <param name="errorOf">Extracts the server's error from a failed snapshot.</param>
    /// <param name="options">The polling options.</param>
    /// <param name="progress">Receives every snapshot.</param>
    /// <param name="cancelJob">Cancels the job on the server when the wait times out and the options ask for it; null where jobs cannot be cancelled.</param>
    /// <param name="delayFirstPoll">Sleep <see cref="PollingOptions.InitialDelay"/> before the first poll: true for a job
    /// the SDK has just started (it cannot be done yet), false for an existing job (it may be done already).</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    public async Task<TJob> WaitAsync<TJob>(
        string jobId,
        Func<CancellationToken, Task<ApiResponse<TJob>>> poll,
        Func<TJob, JobError?> errorOf,
        PollingOptions options,
        IProgress<TJob>? progress,
        Func<CancellationToken, Task>? cancelJob,
        bool delayFirstPoll,
        CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var waitStarted = _timeProvider.GetTimestamp();
        using var activity = Telemetry.Source.StartActivity("wait for job");
        activity?.SetTag("geonode.job.id", jobId);
        var outcome = "error";
        try
        {
            var job = await WaitCoreAsync(jobId, poll, errorOf, options, progress, cancelJob, delayFirstPoll, cancellationToken).ConfigureAwait(false);
            outcome = "completed";
            return job;
        }
        catch (JobException ex)
        {
            outcome = ex switch { JobFailedException => "failed", JobCancelledException => "cancelled", _ => "timeout" };
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "abandoned";
            throw;
        }
        finally
        {
            activity?.SetTag("geonode.job.outcome", outcome);
            if (outcome is not "completed")
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome);
            }

            Telemetry.JobWait.Record(_timeProvider.GetElapsedTime(waitStarted).TotalSeconds, new KeyValuePair<string, object?>("geonode.job.outcome", outcome));
        }
    }

    private async Task<TJob> WaitCoreAsync<TJob>(
        string jobId,
        Func<CancellationToken, Task<ApiResponse<TJob>>> poll,
        Func<TJob, JobError?> errorOf,
        PollingOptions options,
        IProgress<TJob>? progress,
        Func<CancellationToken, Task>? cancelJob,
        bool delayFirstPoll,
        CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var started = _timeProvider.GetTimestamp();
        var infinite = options.Timeout == Timeout.InfiniteTimeSpan;
        TJob? last = null;
        TimeSpan? retryAfter = null;
        var errors = 0;
        var attempt = 0;
        var finalPoll = false;
        var sleep = delayFirstPoll;

        while (true)
        {
            if (sleep)
            {
                if (finalPoll)
                {
                    throw await TimeoutAsync(jobId, last, Elapsed(), options, cancelJob).ConfigureAwait(false);
                }

                var delay = options.NextDelay(attempt++);
                if (retryAfter > delay)
                {
                    delay = retryAfter.Value;
                }

                if (!infinite)
                {
                    var remaining = options.Timeout - Elapsed();
                    if (remaining <= TimeSpan.Zero)
                    {
                        throw await TimeoutAsync(jobId, last, Elapsed(), options, cancelJob).ConfigureAwait(false);
                    }

                    if (delay >= remaining - FinalPollMargin)
                    {
                        // Shorten the last sleep so that one more poll lands just before the deadline.
                        delay = remaining > FinalPollMargin ? remaining - FinalPollMargin : TimeSpan.Zero;
                        finalPoll = true;
                    }
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    Log.Polled(_logger, jobId, last?.Status.ToString() ?? "not read yet", delay);
                }

                await _timeProvider.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
            }

            sleep = true;
            retryAfter = null;
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Telemetry.Polls.Add(1);
                var response = await poll(cancellationToken).ConfigureAwait(false);
                var snapshot = response.Value;
                retryAfter = response.RetryAfter;
                last = snapshot;
                errors = 0;
                progress?.Report(snapshot);

                if (snapshot.Status.IsTerminal)
                {
                    if (_logger.IsEnabled(LogLevel.Information))
                    {
                        Log.JobEnded(_logger, jobId, snapshot.Status.ToString(), Elapsed());
                    }

                    if (snapshot.Status == JobStatus.Completed)
                    {
                        return snapshot;
                    }

                    if (snapshot.Status == JobStatus.Failed)
                    {
                        throw new JobFailedException(jobId, snapshot, errorOf(snapshot));
                    }

                    throw new JobCancelledException(jobId, snapshot);
                }
            }
            catch (ScraperNotFoundException) when (Elapsed() < options.NotFoundGracePeriod)
            {
                // A job that was just started may not be visible to reads yet: treat it as queued.
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                errors++;
                if (errors >= options.MaxConsecutiveErrors)
                {
                    throw;
                }

                retryAfter = (ex as ScraperApiException)?.RetryAfter;
                Log.PollFailed(_logger, jobId, errors, ex.Message, retryAfter ?? TimeSpan.Zero);
            }
        }

        TimeSpan Elapsed() => _timeProvider.GetElapsedTime(started);
    }

    private async Task<JobTimeoutException> TimeoutAsync<TJob>(string jobId, TJob? last, TimeSpan elapsed, PollingOptions options, Func<CancellationToken, Task>? cancelJob)
        where TJob : class, IScraperJob
    {
        var cancelRequested = false;
        if (options.CancelJobOnTimeout && cancelJob is not null)
        {
            try
            {
                // Not the caller's token: the wait is over, but the cancel must still reach the server.
                // The request's own attempt timeout and retries bound it.
                await cancelJob(CancellationToken.None).ConfigureAwait(false);
                cancelRequested = true;
            }
            catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException or IOException)
            {
                // The job may have ended meanwhile (409) or the API is unreachable; the timeout is still what the caller sees.
            }
        }

        Log.JobTimedOut(_logger, jobId, elapsed, cancelRequested);
        return new JobTimeoutException(jobId, last, elapsed, cancelRequested);
    }

    internal static bool IsTransient(Exception ex) => ex switch
    {
        ScraperApiException api => (int)api.StatusCode is 408 or 429 or >= 500,
        ScraperResponseException => true,
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => false,
        _ => false,
    };
}
