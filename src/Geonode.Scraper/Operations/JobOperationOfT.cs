using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>An operation whose job's status is a <typeparamref name="TJob"/>: read it, or wait for the job to end.</summary>
/// <typeparam name="TJob">The job's status snapshot (<see cref="BatchJob"/>, <see cref="CrawlJob"/>, <see cref="ExtractJob"/>).</typeparam>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
[SuppressMessage("Naming", "CA1716", Justification = "Not a keyword in C#.")]
public abstract class JobOperation<TJob> : JobOperation
    where TJob : class, IScraperJob
{
    private readonly OperationCore<TJob>? _core;

    /// <summary>Initializes a new instance of the <see cref="JobOperation{TJob}"/> class for a test double.</summary>
    protected JobOperation()
    {
    }

    private protected JobOperation(OperationCore<TJob> core)
        : base(core.JobId) => _core = core;

    /// <summary>Gets the job's last status snapshot this object read (by <see cref="UpdateStatusAsync"/>, a wait or a watch);
    /// <see langword="null"/> before the first.</summary>
    public virtual TJob? LastSnapshot => _core?.Last;

    /// <inheritdoc/>
    public override JobStatus? Status => LastSnapshot?.Status;

    private protected OperationCore<TJob> Core =>
        _core ?? throw new InvalidOperationException($"This {GetType().Name} was made without a client (a test double): override the members your test uses.");

    /// <summary>Reads the job's status once (no wait).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The status snapshot, which also becomes <see cref="LastSnapshot"/>.</returns>
    public virtual Task<TJob> UpdateStatusAsync(CancellationToken cancellationToken = default) => Core.UpdateAsync(cancellationToken);

    /// <summary>
    /// Waits until the job ends, by the client's polling rules: the delays chosen by the job's progress, the deadline
    /// (<see cref="PollingOptions.Timeout"/>), <c>Retry-After</c>, wake-ups by a completion signal, and the stop conditions
    /// of <paramref name="options"/>.
    /// </summary>
    /// <param name="options">How to poll, a token budget, and a time limit; <see langword="null"/> for the client's polling.</param>
    /// <param name="progress">Receives every status snapshot, once.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The completed job; with <see cref="JobWaitOptions.StopWaitingAfter"/>, the job as it stands when that time
    /// has passed (check <see cref="JobOperation.HasCompleted"/>).</returns>
    /// <exception cref="JobFailedException">The job failed.</exception>
    /// <exception cref="JobCancelledException">The job was cancelled.</exception>
    /// <exception cref="JobTimeoutException">The deadline passed first.</exception>
    /// <exception cref="JobBudgetExceededException">The job was charged over the budget and was cancelled.</exception>
    public virtual Task<TJob> WaitForCompletionAsync(JobWaitOptions? options = null, IProgress<TJob>? progress = null, CancellationToken cancellationToken = default) =>
        Core.WaitAsync(options, progress, cancellationToken);
}
