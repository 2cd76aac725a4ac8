using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The run of <see cref="IScraperClient.ScrapeManyAsync"/>: enumerate it (once) for every URL's result as it settles; once
/// the enumeration has ended, <see cref="Receipt"/> says what every batch did and cost, checked against what was read.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ScrapeManyRun : IAsyncEnumerable<ScrapeManyItem>
{
    private readonly Func<ScrapeManyRun, CancellationToken, IAsyncEnumerable<ScrapeManyItem>> _run;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _batchJobIds = [];
    private int _enumerated;

    internal ScrapeManyRun(Func<ScrapeManyRun, CancellationToken, IAsyncEnumerable<ScrapeManyItem>> run, CancellationToken cancellationToken)
    {
        _run = run;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets the ids of the batches started so far, in the order they were started.</summary>
    public IReadOnlyList<string> BatchJobIds
    {
        get
        {
            lock (_batchJobIds)
            {
                return [.. _batchJobIds];
            }
        }
    }

    /// <summary>Gets the receipt of the whole run once every batch has ended and the enumeration is over;
    /// <see langword="null"/> before that, or when the enumeration stopped early.</summary>
    public ScrapeManyReceipt? Receipt { get; internal set; }

    /// <summary>Starts the run; it can be enumerated once.</summary>
    /// <param name="cancellationToken">Stops the enumeration (with the token given to <c>ScrapeManyAsync</c>).</param>
    /// <returns>The enumerator.</returns>
    /// <exception cref="InvalidOperationException">The run was enumerated before.</exception>
    public IAsyncEnumerator<ScrapeManyItem> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A ScrapeManyAsync run can be enumerated once: it starts (and bills) its batches as it goes. Call ScrapeManyAsync again for a new run.");
        }

        var linked = cancellationToken.CanBeCanceled && _cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellationToken)
            : null;
        var token = linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : _cancellationToken);
        return new Enumerator(_run(this, token).GetAsyncEnumerator(token), linked);
    }

    internal void Started(string jobId)
    {
        lock (_batchJobIds)
        {
            _batchJobIds.Add(jobId);
        }
    }

    private sealed class Enumerator(IAsyncEnumerator<ScrapeManyItem> inner, CancellationTokenSource? linked) : IAsyncEnumerator<ScrapeManyItem>
    {
        public ScrapeManyItem Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            linked?.Dispose();
        }
    }
}
