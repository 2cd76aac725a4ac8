using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Bounds how many jobs run at once, across every process that shares the limiter: <c>ScrapeManyAsync</c>
/// holds one slot per batch it runs, so that several workers together stay within the account's concurrency limit.
/// <see cref="InProcessJobConcurrencyLimiter"/> is the default (one process); the <c>Geonode.Scraper.PostgreSql</c> package
/// shares the slots between replicas, with leases so that the slot of a holder that dies is freed when its lease expires.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface IJobConcurrencyLimiter
{
    /// <summary>Waits until fewer than <paramref name="limit"/> slots named <paramref name="name"/> are held, then holds one
    /// until the returned handle is disposed (an implementation that shares slots between processes keeps renewing it
    /// meanwhile). Callers that ask with different limits for the same name each respect their own.</summary>
    /// <param name="name">The name of the pool of slots, for example <c>batch</c>.</param>
    /// <param name="limit">The most slots of that name held at once, at least 1.</param>
    /// <param name="cancellationToken">Stops waiting; a slot is then not held.</param>
    /// <returns>The held slot; dispose it to free the slot.</returns>
    ValueTask<IAsyncDisposable> AcquireAsync(string name, int limit, CancellationToken cancellationToken = default);
}
