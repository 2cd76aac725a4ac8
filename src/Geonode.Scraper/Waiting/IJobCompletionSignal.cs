using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Tells the waits of a job that it may have ended, so that they poll at once instead of at their next scheduled poll.
/// A webhook receiver (<c>Geonode.Scraper.AspNetCore</c>) calls <see cref="Notify"/> when a delivery says a job completed;
/// every <c>WaitFor...Async</c> and <c>Watch...Async</c> of that job in this process <see cref="Subscribe">subscribes</see>.
/// </summary>
/// <remarks>
/// <para>While a signal is registered, waits poll rarely (<see cref="JobCompletionSignalOptions.FallbackPollInterval"/>):
/// the API sends webhooks only for completed jobs, so a failed or cancelled job is still seen by that fallback poll. A wait
/// never relies on the signal alone, so a lost signal only costs time.</para>
/// <para>An application on several machines receives each delivery on one of them. To wake the waits on the others, implement
/// this interface over the messaging the application already runs (Redis pub/sub, Service Bus, ...): <see cref="Notify"/>
/// publishes, and each machine's subscription to the topic calls the local subscribers registered with
/// <see cref="Subscribe"/>. <see cref="InProcessJobCompletionSignal"/> is the in-process default.</para>
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface IJobCompletionSignal
{
    /// <summary>Calls <paramref name="onSignal"/> whenever a signal arrives for <paramref name="jobId"/>, until the returned
    /// registration is disposed. The callback must return quickly and not throw.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="onSignal">What to call.</param>
    /// <returns>The registration; dispose it to stop receiving signals.</returns>
    IDisposable Subscribe(string jobId, Action onSignal);

    /// <summary>Signals that a job may have ended (for example because a webhook said it completed).</summary>
    /// <param name="jobId">The job id.</param>
    void Notify(string jobId);
}
