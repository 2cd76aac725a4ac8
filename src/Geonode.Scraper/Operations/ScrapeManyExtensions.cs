using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Extracts any number of URLs: batches of up to 1,000, run with bounded concurrency, streamed as one sequence.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class ScrapeManyExtensions
{
    /// <summary>
    /// Extracts every URL of <paramref name="urls"/>, in batches of up to 1,000 (<see cref="ScrapeManyOptions.BatchSize"/>)
    /// started in order with at most the account's concurrency limit running at once, and yields each URL's result once,
    /// as it settles, with its position in <paramref name="urls"/>.
    /// </summary>
    /// <remarks>
    /// <para>Every URL is checked before the first request: an absolute <c>http</c>/<c>https</c> URL, or
    /// <see cref="ArgumentException"/>. A URL listed twice is extracted twice (once per position).</para>
    /// <para>A 429 when starting a batch (the account's concurrency limit is reached, for example by other work of the
    /// account) is waited out and the batch started again, up to <see cref="ScrapeManyOptions.MaxThrottleWait"/>: a 429
    /// means the server created nothing, so nothing is billed twice. A batch that ends failed or cancelled yields its items
    /// (with their statuses) and does not stop the others.</para>
    /// <para>Stopping the enumeration (cancelling the token, or leaving the <c>await foreach</c>) starts no further batch
    /// and stops following the running ones, but does not cancel them on the server: like every wait of the SDK, stopping
    /// to watch is not a decision to throw away paid work. Their ids were reported to
    /// <see cref="ScrapeManyOptions.BatchStarted"/> and are on every item (<see cref="ScrapeManyItem.BatchJobId"/>), so they
    /// can be read later with <see cref="IScraperClient.GetBatchItemsAsync"/> or cancelled with
    /// <see cref="IScraperClient.CancelBatchAsync"/>.</para>
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="urls">The URLs to extract: any number, at least one.</param>
    /// <param name="options">How to split, start and follow the batches; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to stop the enumeration.</param>
    /// <returns>Every URL's result once, in the order they settle.</returns>
    /// <exception cref="ArgumentException"><paramref name="urls"/> is empty or holds a URL that is not absolute http(s),
    /// or an option is out of range.</exception>
    public static IAsyncEnumerable<ScrapeManyItem> ScrapeManyAsync(
        this IScraperClient client, IEnumerable<string> urls, ScrapeManyOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(urls);
        var list = urls.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("There are no URLs to extract.", nameof(urls));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (!Guard.IsAbsoluteHttpUrl(list[i]))
            {
                throw new ArgumentException($"urls[{i}] ('{list[i]}') is not an absolute http or https URL.", nameof(urls));
            }
        }

        var settings = Validated(options);
        return RunAsync(client, list, settings, cancellationToken);
    }

    private static ScrapeManyOptions Validated(ScrapeManyOptions? options)
    {
        var copy = new ScrapeManyOptions();
        if (options is not null)
        {
            copy.Settings = options.Settings;
            copy.BatchSize = options.BatchSize;
            copy.MaxConcurrentBatches = options.MaxConcurrentBatches;
            copy.FallbackConcurrentBatches = options.FallbackConcurrentBatches;
            copy.MaxThrottleWait = options.MaxThrottleWait;
            copy.Polling = options.Polling;
            copy.BatchStarted = options.BatchStarted;
        }

        if (copy.BatchSize is < 1 or > ScraperClient.MaxBatchUrls)
        {
            throw new ArgumentException($"options.BatchSize must be between 1 and {ScraperClient.MaxBatchUrls}; got {copy.BatchSize}.", nameof(options));
        }

        if (copy.MaxConcurrentBatches is < 1 || copy.FallbackConcurrentBatches < 1)
        {
            throw new ArgumentException("options.MaxConcurrentBatches and options.FallbackConcurrentBatches must be at least 1.", nameof(options));
        }

        if (copy.MaxThrottleWait < TimeSpan.Zero && copy.MaxThrottleWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"options.MaxThrottleWait must not be negative; got {copy.MaxThrottleWait}.", nameof(options));
        }

        return copy;
    }

    private static async IAsyncEnumerable<ScrapeManyItem> RunAsync(
        IScraperClient client, List<string> urls, ScrapeManyOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = options.MaxConcurrentBatches ?? await ConcurrencyLimitAsync(client, options, cancellationToken).ConfigureAwait(false);
        var chunks = (urls.Count + options.BatchSize - 1) / options.BatchSize;
        var yielded = new bool[urls.Count];
        var template = options.Settings ?? new BatchRequest { Urls = [] };

        // One loop merges everything: at most one batch being started, and one pending read per running batch.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lanes = new List<Lane>();
        Task<BatchJobAccepted>? starting = null;
        var nextChunk = 0;
        try
        {
            while (true)
            {
                if (starting is null && nextChunk < chunks && lanes.Count < limit)
                {
                    var offset = nextChunk * options.BatchSize;
                    var request = template with { Urls = urls.GetRange(offset, Math.Min(options.BatchSize, urls.Count - offset)), IgnoreInvalidUrls = false };
                    starting = BatchStarter.StartAsync(client, request, options.MaxThrottleWait, stop.Token);
                }

                if (starting is null && lanes.Count == 0)
                {
                    yield break;
                }

                var pending = lanes.Select(l => (Task)l.Next).ToList();
                if (starting is not null)
                {
                    pending.Add(starting);
                }

                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                if (done == starting)
                {
                    var accepted = await starting.ConfigureAwait(false);
                    starting = null;
                    options.BatchStarted?.Report(accepted);
                    var offset = nextChunk * options.BatchSize;
                    var size = Math.Min(options.BatchSize, urls.Count - offset);
                    nextChunk++;
                    var items = client.WatchBatchItemsAsync(accepted.JobId, options.Polling, null, stop.Token).GetAsyncEnumerator(stop.Token);
                    lanes.Add(new Lane(accepted.JobId, offset, size, items));
                    continue;
                }

                var lane = lanes.First(l => l.Next == done);
                bool more;
                try
                {
                    more = await lane.Next.ConfigureAwait(false);
                }
                catch (JobException) when (lane.Yielded == lane.Size)
                {
                    // The batch failed or was cancelled after every item was yielded with its status: the others go on.
                    more = false;
                }

                if (!more)
                {
                    lanes.Remove(lane);
                    await lane.Items.DisposeAsync().ConfigureAwait(false);
                    if (lane.Yielded != lane.Size)
                    {
                        throw new ScraperResponseException(
                            HttpStatusCode.OK,
                            $"Batch {lane.JobId} ended with {lane.Yielded} of its {lane.Size} URLs settled; the rest never appeared in its results.");
                    }

                    continue;
                }

                var item = lane.Items.Current;
                lane.Advance();
                if (item.InputIndex < 0 || item.InputIndex >= lane.Size)
                {
                    throw new ScraperResponseException(
                        HttpStatusCode.OK, $"Batch {lane.JobId} returned an item at input_index {item.InputIndex}, outside its {lane.Size} URLs.");
                }

                var index = lane.Offset + item.InputIndex;
                if (yielded[index])
                {
                    continue;
                }

                yielded[index] = true;
                lane.Yielded++;
                yield return new ScrapeManyItem { Index = index, BatchJobId = lane.JobId, Item = item };
            }
        }
        finally
        {
            // Stop following the running batches (they go on on the server) and let every pending read end before disposing.
            stop.Cancel();
            if (starting is not null)
            {
                await Quietly(starting).ConfigureAwait(false);
            }

            foreach (var lane in lanes)
            {
                await Quietly(lane.Next).ConfigureAwait(false);
                await lane.Items.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ConcurrencyLimitAsync(IScraperClient client, ScrapeManyOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var usage = await client.GetUsageAsync(cancellationToken).ConfigureAwait(false);
            return usage.ConcurrencyLimit is > 0 and var reported ? reported : options.FallbackConcurrentBatches;
        }
        catch (Exception ex) when (ex is ScraperNotFoundException or ScraperResponseException)
        {
            // No usage endpoint, or one whose answer cannot be read: the setting decides.
            return options.FallbackConcurrentBatches;
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Ending because the enumeration stopped or failed: what the abandoned read says no longer matters.
        }
    }

    /// <summary>One running batch: its place in the caller's list, its stream of items and the read pending on it.</summary>
    private sealed class Lane
    {
        public Lane(string jobId, int offset, int size, IAsyncEnumerator<BatchItem> items)
        {
            JobId = jobId;
            Offset = offset;
            Size = size;
            Items = items;
            Next = items.MoveNextAsync().AsTask();
        }

        public string JobId { get; }

        public int Offset { get; }

        public int Size { get; }

        public IAsyncEnumerator<BatchItem> Items { get; }

        public Task<bool> Next { get; private set; }

        public int Yielded { get; set; }

        public void Advance() => Next = Items.MoveNextAsync().AsTask();
    }
}
