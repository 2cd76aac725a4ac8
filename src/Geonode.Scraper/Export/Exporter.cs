using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Runs an export: follows the job (its watch), writes each result through the <see cref="ExportWriter"/>, reports the
/// counts, and once the job has ended writes its receipt beside the files (from every result this run read, checked
/// against the job's counters). An export that stops at its wait's time limit writes what had settled and no receipt.
/// </summary>
internal static class Exporter
{
    public static ExportSpec<CrawlPage> Crawl { get; } = new(
        JobLedgerEntry.CrawlKind,
        static p => new ExportItem(p.Url, p.Url, p.Status, p.ErrorCode, p.ErrorMessage, p.Data?.Markdown),
        ScraperJsonContext.Default.CrawlPage,
        static line => line.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null);

    public static ExportSpec<BatchItem> Batch { get; } = new(
        JobLedgerEntry.BatchKind,
        static i => new ExportItem(i.InputIndex.ToString(CultureInfo.InvariantCulture), i.Url, i.Status, i.ErrorCode, i.ErrorMessage, i.Data?.Markdown),
        ScraperJsonContext.Default.BatchItem,
        static line => line.TryGetProperty("input_index", out var index) && index.ValueKind == JsonValueKind.Number ? index.GetInt32().ToString(CultureInfo.InvariantCulture) : null);

    /// <param name="spec">What the results are.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="directory">The folder.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="watch">The job's watch, reporting its snapshots to the given progress.</param>
    /// <param name="receipt">The receipt of the ended job from what was read.</param>
    /// <param name="progress">The caller's progress.</param>
    /// <param name="apiKey">The API key, which nothing the export writes may hold (a server may echo it in an error).</param>
    /// <param name="cancellationToken">Stops the export (the job goes on); a rerun continues where it stopped.</param>
    public static async Task<ExportResult> RunAsync<TJob, TItem>(
        ExportSpec<TItem> spec,
        string apiKey,
        string jobId,
        string directory,
        ExportOptions options,
        Func<IProgress<TJob>, IAsyncEnumerable<TItem>> watch,
        Func<TJob, ReceiptBuilder, JobReceipt> receipt,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        using var writer = ExportWriter.Open(directory, spec.Kind, jobId, options.Format, options.Overwrite, spec.KeyOfLine, apiKey);
        TJob? job = null;
        var read = new ReceiptBuilder(spec.Kind, text => ErrorMapper.Redact(text, apiKey));
        var jobProgress = new Relay<TJob>(snapshot =>
        {
            job = snapshot;
            progress?.Report(writer.Counts with { Job = job });
        });
        try
        {
            await foreach (var item in watch(jobProgress).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var view = spec.View(item);
                read.Add(view.Key, view.Url, view.Status, view.ErrorCode, view.ErrorMessage);
                await writer.WriteAsync(view, item, spec.ItemType, cancellationToken).ConfigureAwait(false);
                progress?.Report(writer.Counts with { Job = job });
            }
        }
        catch (JobException ex) when (ex is JobFailedException or JobCancelledException && job is { Status.IsTerminal: true } ended)
        {
            // What the job delivered is written; its receipt says what it did before it failed or was cancelled.
            await writer.WriteReceiptAsync(receipt(ended, read), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        JobReceipt? done = null;
        string? receiptPath = null;
        if (job is { Status.IsTerminal: true } terminal)
        {
            done = receipt(terminal, read);
            receiptPath = await writer.WriteReceiptAsync(done, cancellationToken).ConfigureAwait(false);
        }

        return new ExportResult
        {
            Directory = writer.Root,
            ManifestPath = writer.ManifestPath,
            OutputPath = writer.OutputPath,
            Counts = writer.Counts,
            Failures = writer.Failures(),
            Receipt = done,
            ReceiptPath = receiptPath,
        };
    }

    /// <summary>Checks an export's arguments and copies its options.</summary>
    public static ExportOptions Validated(string directory, ExportOptions? options)
    {
        Guard.NotNullOrWhiteSpace(directory);
        var format = options?.Format ?? ExportFormat.Markdown;
        if (format is not (ExportFormat.Markdown or ExportFormat.Jsonl))
        {
            throw new ArgumentException($"Unknown export format {format}.", nameof(options));
        }

        return new ExportOptions { Format = format, Overwrite = options?.Overwrite ?? false, Wait = options?.Wait };
    }

    /// <summary>Passes each snapshot on synchronously, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Relay<TJob>(Action<TJob> report) : IProgress<TJob>
    {
        public void Report(TJob value) => report(value);
    }
}

/// <summary>What an export knows of one kind of result: its kind, what it writes of an item, its JSON, and how a line of a
/// JSON Lines file is recognised again.</summary>
internal sealed record ExportSpec<TItem>(string Kind, Func<TItem, ExportItem> View, JsonTypeInfo<TItem> ItemType, Func<JsonElement, string?> KeyOfLine);
