using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Extracts any number of URLs: batches of up to 1,000, started in order with at most the account's concurrency limit
/// running at once (a slot of the <see cref="IJobConcurrencyLimiter"/> held per running batch, so several processes that
/// share it stay within the limit together), streamed as one sequence, each URL's result once, with a receipt at the end.
/// </summary>
internal static class ScrapeMany
{
    public static ScrapeManyRun Start(OperationRuntime runtime, IEnumerable<string> urls, ScrapeManyOptions? options, CancellationToken cancellationToken)
    {
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

        var settings = Validated(runtime, options);
        if (settings.Settings is { } template)
        {
            RequestChecks.CheckTargetOptions(template.Headers, template.WaitConfig, runtime.ApiKey, nameof(options));
        }

        return new ScrapeManyRun((run, ct) => RunAsync(runtime, run, list, settings, ct), cancellationToken);
    }

    private static ScrapeManyOptions Validated(OperationRuntime runtime, ScrapeManyOptions? options)
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
            copy.IdempotencyKey = options.IdempotencyKey;
        }

        if (copy.BatchSize is < 1 or > BatchJobs.MaxUrls)
        {
            throw new ArgumentException($"options.BatchSize must be between 1 and {BatchJobs.MaxUrls}; got {copy.BatchSize}.", nameof(options));
        }

        if (copy.MaxConcurrentBatches is < 1 || copy.FallbackConcurrentBatches < 1)
        {
            throw new ArgumentException("options.MaxConcurrentBatches and options.FallbackConcurrentBatches must be at least 1.", nameof(options));
        }

        if (copy.MaxThrottleWait < TimeSpan.Zero && copy.MaxThrottleWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"options.MaxThrottleWait must not be negative; got {copy.MaxThrottleWait}.", nameof(options));
        }

        if (copy.IdempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > LedgerRules.MaxEntryIdLength - 12))
        {
            throw new ArgumentException($"options.IdempotencyKey must be 1 to {LedgerRules.MaxEntryIdLength - 12} characters.", nameof(options));
        }

        if (copy.IdempotencyKey is not null && runtime.Ledger is null)
        {
            throw new ArgumentException("options.IdempotencyKey needs a job ledger that remembers it: set ScraperClientOptions.JobLedger, or register one.", nameof(options));
        }

        if (copy.Polling is not null)
        {
            PollingValidation.Validated(copy.Polling, nameof(options));
        }

        return copy;
    }

    private static async IAsyncEnumerable<ScrapeManyItem> RunAsync(
        OperationRuntime runtime, ScrapeManyRun run, List<string> urls, ScrapeManyOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = options.MaxConcurrentBatches ?? await ConcurrencyLimitAsync(runtime, options, cancellationToken).ConfigureAwait(false);
        var chunks = (urls.Count + options.BatchSize - 1) / options.BatchSize;
        var yielded = new bool[urls.Count];
        var template = options.Settings ?? new BatchRequest { Urls = [] };
        var wait = new JobWaitOptions { Polling = options.Polling };
        // Keyed by the batch's offset in the caller's list: the receipt lists batches in the order they were started, not ended.
        var receipts = new SortedList<int, JobReceipt>();

        // One loop merges everything: at most one batch being started, and one pending read per running batch.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lanes = new List<Lane>();
        Task<Lane>? starting = null;
        var nextChunk = 0;
        try
        {
            while (true)
            {
                if (starting is null && nextChunk < chunks && lanes.Count < limit)
                {
                    var offset = nextChunk * options.BatchSize;
                    var request = template with { Urls = urls.GetRange(offset, Math.Min(options.BatchSize, urls.Count - offset)), IgnoreInvalidUrls = false };
                    starting = StartLaneAsync(runtime, run, options, request, nextChunk, offset, limit, wait, stop.Token);
                }

                if (starting is null && lanes.Count == 0)
                {
                    break;
                }

                var pending = lanes.Select(l => (Task)l.Next).ToList();
                if (starting is not null)
                {
                    pending.Add(starting);
                }

                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                if (done == starting)
                {
                    lanes.Add(await starting.ConfigureAwait(false));
                    starting = null;
                    nextChunk++;
                    continue;
                }

                var lane = lanes.First(l => l.Next == done);
                bool more;
                try
                {
                    more = await lane.Next.ConfigureAwait(false);
                }
                catch (JobException) when (lane.Job is { Status.IsTerminal: true })
                {
                    // The batch failed or was cancelled after every item was yielded with its status: the others go on.
                    more = false;
                }

                if (!more)
                {
                    lanes.Remove(lane);
                    await lane.DisposeAsync().ConfigureAwait(false);
                    receipts.Add(lane.Offset, lane.Receipt());
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
                lane.Read.Add(item.InputIndex.ToString(CultureInfo.InvariantCulture), item.Url, item.Status, item.ErrorCode, item.ErrorMessage);
                yield return new ScrapeManyItem { Index = index, BatchJobId = lane.JobId, Item = item };
            }
        }
        finally
        {
            // Stop following the running batches (they go on on the server) and let every pending read end before disposing.
            stop.Cancel();
            if (starting is not null)
            {
                try
                {
                    await (await starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Ending because the enumeration stopped or failed: what the abandoned start says no longer matters.
                }
            }

            foreach (var lane in lanes)
            {
                await lane.DisposeAsync().ConfigureAwait(false);
            }
        }

        var receipt = Sum(urls.Count, yielded, [.. receipts.Values]);
        run.Receipt = receipt;
        if (receipt.Missing > 0)
        {
            throw new ScraperResponseException(
                HttpStatusCode.OK,
                $"{receipt.Missing} of the {urls.Count} URLs never appeared in their batch's results (the run's Receipt lists every batch: {string.Join(" ", receipt.Discrepancies.Take(3))}).");
        }
    }

    /// <summary>Takes a slot of the account's pool, starts a batch (a 429 waited out by the connection within
    /// <see cref="ScrapeManyOptions.MaxThrottleWait"/>) and opens its watch; the slot is held until the lane ends.</summary>
    private static async Task<Lane> StartLaneAsync(
        OperationRuntime runtime, ScrapeManyRun run, ScrapeManyOptions options, BatchRequest request, int chunk, int offset, int limit, JobWaitOptions wait, CancellationToken cancellationToken)
    {
        var slot = await runtime.Limiter.AcquireAsync(runtime.AccountGroup, limit, cancellationToken).ConfigureAwait(false);
        try
        {
            var key = options.IdempotencyKey is { } runKey ? new JobStartOptions { IdempotencyKey = $"{runKey}:{chunk.ToString(CultureInfo.InvariantCulture)}" } : null;
            var accepted = await runtime.Starter.StartAsync(runtime.BatchStart, request, request with { Headers = null }, key, options.MaxThrottleWait, cancellationToken).ConfigureAwait(false);
            run.Started(accepted.JobId);
            options.BatchStarted?.Report(accepted);
            var operation = new BatchOperation(new BatchOperationCore(runtime, accepted.JobId, accepted));
            return new Lane(operation, request.Urls.Count, offset, slot, wait, runtime.ApiKey, cancellationToken);
        }
        catch
        {
            await slot.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> ConcurrencyLimitAsync(OperationRuntime runtime, ScrapeManyOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var usage = (await runtime.Api.SendAsync(new ApiCall(HttpMethod.Get, "v1/usage", "/v1/usage"), ScraperJsonContext.Default.UsageInfo, cancellationToken).ConfigureAwait(false)).Value;
            return usage.ConcurrencyLimit is > 0 and var reported ? reported : options.FallbackConcurrentBatches;
        }
        catch (Exception ex) when (ex is ScraperNotFoundException or ScraperResponseException)
        {
            // No usage endpoint, or one whose answer cannot be read: the setting decides.
            return options.FallbackConcurrentBatches;
        }
    }

    private static ScrapeManyReceipt Sum(int submitted, bool[] yielded, List<JobReceipt> batches)
    {
        var missing = yielded.Count(y => !y);
        var problems = batches.SelectMany(b => b.Discrepancies.Select(d => $"Batch {b.JobId}: {d}")).ToList();
        if (missing > 0)
        {
            problems.Insert(0, FormattableString.Invariant($"{missing} URLs never appeared in their batch's results."));
        }

        return new ScrapeManyReceipt
        {
            Submitted = submitted,
            Succeeded = batches.Sum(b => b.Succeeded),
            Failed = batches.Sum(b => b.Failed),
            Cancelled = batches.Sum(b => b.Cancelled),
            Invalid = batches.Sum(b => b.Invalid),
            Missing = missing,
            TokensCharged = batches.Sum(b => (long)(b.TokensCharged ?? 0)),
            FailedUrls = [.. batches.SelectMany(b => b.FailedUrls)],
            Batches = batches,
            Discrepancies = problems,
        };
    }

    /// <summary>One running batch: its place in the caller's list, its stream of items, the read pending on it, its slot.</summary>
    private sealed class Lane : IAsyncDisposable
    {
        private readonly IAsyncDisposable _slot;
        private bool _disposed;

        public Lane(BatchOperation operation, int size, int offset, IAsyncDisposable slot, JobWaitOptions wait, string apiKey, CancellationToken cancellationToken)
        {
            Read = new ReceiptBuilder(JobLedgerEntry.BatchKind, text => ErrorMapper.Redact(text, apiKey));
            Operation = operation;
            Size = size;
            Offset = offset;
            _slot = slot;
            Items = operation.WatchItemsAsync(wait, null, cancellationToken).GetAsyncEnumerator(cancellationToken);
            Next = Items.MoveNextAsync().AsTask();
        }

        public BatchOperation Operation { get; }

        public string JobId => Operation.JobId;

        public BatchJob? Job => Operation.LastSnapshot;

        public int Size { get; }

        public int Offset { get; }

        public IAsyncEnumerator<BatchItem> Items { get; }

        public Task<bool> Next { get; private set; }

        public ReceiptBuilder Read { get; }

        public void Advance() => Next = Items.MoveNextAsync().AsTask();

        public JobReceipt Receipt() => Read.Build(JobId, Job!.Status, BatchOperationCore.CountersOf(Job), Size);

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                await Next.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Ending because the enumeration stopped or failed: what the abandoned read says no longer matters.
            }

            await Items.DisposeAsync().ConfigureAwait(false);
            await _slot.DisposeAsync().ConfigureAwait(false);
        }
    }
}
