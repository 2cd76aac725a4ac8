using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The in-process <see cref="IJobCompletionSignal"/>: <see cref="NotifyAsync"/> calls the subscribers of the job in
/// this process. Thread-safe; always listening.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class InProcessJobCompletionSignal : IJobCompletionSignal
{
    private readonly SignalSubscribers _subscribers = new();

    /// <summary>Gets the number of jobs that have subscribers now.</summary>
    public int SubscribedJobs => _subscribers.Jobs;

    /// <inheritdoc/>
    public bool IsListening => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="onSignal"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(string jobId, Action onSignal)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        Guard.NotNull(onSignal);
        return _subscribers.Add(jobId, onSignal);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is empty.</exception>
    public Task NotifyAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        _subscribers.Wake(jobId);
        return Task.CompletedTask;
    }
}
