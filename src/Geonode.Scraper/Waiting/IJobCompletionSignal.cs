using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Tells the waits of a job that it may have ended, so that they poll at once instead of at their next scheduled poll.
/// A webhook receiver (<c>Geonode.Scraper.AspNetCore</c>) calls <see cref="NotifyAsync"/> when a delivery says a job
/// completed; every wait and watch of that job <see cref="Subscribe">subscribes</see> before it reads the job's status.
/// </summary>
/// <remarks>
/// <para>While a signal is registered and <see cref="IsListening"/>, waits for the kinds of job whose events reach the app
/// poll rarely (<see cref="JobCompletionSignalOptions.FallbackPollInterval"/>): a failed or cancelled job, or a lost signal,
/// is still seen by that fallback poll, so a lost signal costs time, never a result. While <see cref="IsListening"/> is
/// <see langword="false"/> (a connection is down), waits poll as if no signal were registered.</para>
/// <para>An application on several machines receives each delivery on one of them. <see cref="InProcessJobCompletionSignal"/>
/// wakes the waits of one process; the <c>Geonode.Scraper.PostgreSql</c> package carries signals across replicas, and an
/// implementation over other messaging (Redis pub/sub, a service bus) publishes in <see cref="NotifyAsync"/> and calls the
/// local subscribers when a message arrives. The conformance tests (<c>docs/scale-out.md</c>) check any implementation.</para>
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface IJobCompletionSignal
{
    /// <summary>Gets a value indicating whether signals are being received now. An implementation over a connection
    /// returns <see langword="false"/> while it is down (signals sent meanwhile may be lost), and wakes every subscriber once
    /// when it is back, so that their waits poll at once.</summary>
    bool IsListening { get; }

    /// <summary>Calls <paramref name="onSignal"/> whenever a signal arrives for <paramref name="jobId"/>, until the returned
    /// registration is disposed. Signals sent after this method returns reach the callback (while <see cref="IsListening"/>).
    /// The callback must return quickly and not throw.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="onSignal">What to call.</param>
    /// <returns>The registration; dispose it to stop receiving signals.</returns>
    IDisposable Subscribe(string jobId, Action onSignal);

    /// <summary>Signals, to the subscribers of every process that shares this signal, that a job may have ended.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the signal is sent (durably recorded, for a shared store); a failure means it
    /// may not have been, so a webhook delivery should be answered with an error and retried by the sender.</returns>
    Task NotifyAsync(string jobId, CancellationToken cancellationToken = default);
}
