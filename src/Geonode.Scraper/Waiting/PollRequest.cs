using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Everything one wait needs, grouped: which job, how to read it, how to poll, when to stop, and what to do at the end.</summary>
internal sealed class PollRequest<TJob>
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

    /// <summary>Gets how long a terminal snapshot's job ran by its own timestamps (created to ended), for the delay
    /// strategy's duration prior; <see langword="null"/> where a snapshot does not say.</summary>
    public Func<TJob, TimeSpan?> DurationOf { get; init; } = static _ => null;

    /// <summary>Gets where every snapshot is reported, once, outside any retry.</summary>
    public IProgress<TJob>? Progress { get; init; }

    /// <summary>Gets the cancel to send when the wait stops for a reason that asks for it (a timeout with
    /// <see cref="PollingSettings.CancelJobOnTimeout"/>, a crossed budget); null where jobs cannot be cancelled.</summary>
    public Func<CancellationToken, Task>? CancelJob { get; init; }

    /// <summary>Gets a value indicating whether the SDK has just started the job (it cannot be done yet), so the first
    /// poll waits about <see cref="PollingSettings.InitialDelay"/>; otherwise the first poll comes within a small random spread.</summary>
    public bool JustStarted { get; init; }

    /// <summary>Gets the conditions that end the wait early (a token budget), checked at every snapshot of the running job.</summary>
    public IReadOnlyList<WaitStopCondition<TJob>> StopWhen { get; init; } = [];

    /// <summary>Gets how long to wait at most before returning the job as it stands, without an error and without
    /// cancelling it (a tool's time limit); <see langword="null"/> for none.</summary>
    public TimeSpan? TimeLimit { get; init; }
}
