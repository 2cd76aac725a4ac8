using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Everything one wait needs, grouped: which job, how to read it, how to poll, and what to do at the end.</summary>
internal sealed class JobWaitRequest<TJob>
    where TJob : class, IScraperJob
{
    /// <summary>Gets the job id, for messages, logs and spans.</summary>
    public required string JobId { get; init; }

    /// <summary>Gets the kind of job.</summary>
    public required JobKind Kind { get; init; }

    /// <summary>Gets the status poll: one attempt (the wait retries transient failures itself), bounded by the token.</summary>
    public required Func<CancellationToken, Task<ApiResponse<TJob>>> Poll { get; init; }

    /// <summary>Gets the validated polling settings.</summary>
    public required PollingSettings Polling { get; init; }

    /// <summary>Gets the server's error of a failed snapshot.</summary>
    public Func<TJob, JobError?> ErrorOf { get; init; } = static _ => null;

    /// <summary>Gets a snapshot's counters, for finish prediction; <see langword="null"/> where a job has none.</summary>
    public Func<TJob, JobProgress?> ProgressOf { get; init; } = static _ => null;

    /// <summary>Gets where every snapshot is reported, once, outside any retry.</summary>
    public IProgress<TJob>? Progress { get; init; }

    /// <summary>Gets the cancel to send when the wait times out and the settings ask for it; null where jobs cannot be cancelled.</summary>
    public Func<CancellationToken, Task>? CancelJob { get; init; }

    /// <summary>Gets a value indicating whether the SDK has just started the job (it cannot be done yet), so the first
    /// poll waits about <see cref="PollingSettings.InitialDelay"/>; otherwise the first poll comes within a small random spread.</summary>
    public bool JustStarted { get; init; }
}
