using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Writes the results of a crawl or batch to a folder: a Markdown tree that mirrors the URLs, or one JSON Lines file.
/// The export follows a running job (pages are written as they settle) as well as a finished one, and resumes: a manifest in
/// the folder records what was written, so a rerun after an interruption writes only what is missing, and every page ends up
/// written exactly once however often it is delivered.
/// </summary>
/// <remarks>
/// <para>File names are made safe from the raw URL text: nothing can leave the folder (<c>..</c> and <c>%2e%2e</c> become
/// literal names), Windows device names (<c>CON</c>, <c>aux.txt</c>) and characters that are invalid anywhere are
/// percent-encoded, over-long segments are cut and suffixed with a hash, and two URLs that map to the same file (including
/// by letter case) are told apart by a hash of the second one's identity, recorded in the manifest so that reruns agree.</para>
/// <para>Each file is written under a temporary name, flushed to disk and renamed, so a file that exists is complete.
/// Pages that failed, or that have no Markdown, are recorded in the manifest and returned in
/// <see cref="ExportResult.Failures"/>; none is dropped silently. A folder holds the export of one job: exporting another
/// job (or another format) into it starts over.</para>
/// </remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class ScraperClientExportExtensions
{
    /// <summary>Writes every page of a crawl into <paramref name="directory"/>, following the crawl while it runs.</summary>
    /// <param name="client">The client.</param>
    /// <param name="jobId">The crawl's job id.</param>
    /// <param name="directory">The folder to write into (created if missing).</param>
    /// <param name="format">How to write the pages.</param>
    /// <param name="progress">Receives the counts after every page; <see langword="null"/> for none.</param>
    /// <param name="polling">How to poll while the crawl runs; <see langword="null"/> for the client's default.</param>
    /// <param name="cancellationToken">Stops the export (the crawl keeps running); a rerun continues where it stopped.</param>
    /// <returns>What was written and what failed.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> or <paramref name="directory"/> is empty.</exception>
    /// <exception cref="IOException">Another export is writing into the folder, or a file cannot be written.</exception>
    /// <exception cref="JobFailedException">The crawl failed (the pages it delivered are written first).</exception>
    /// <exception cref="JobCancelledException">The crawl was cancelled (the pages it delivered are written first).</exception>
    public static Task<ExportResult> ExportCrawlAsync(
        this IScraperClient client,
        string jobId,
        string directory,
        ExportFormat format = ExportFormat.Markdown,
        IProgress<ExportProgress>? progress = null,
        PollingOptions? polling = null,
        CancellationToken cancellationToken = default)
    {
        Check(client, jobId, directory, format);
        return ExportAsync<CrawlJob, CrawlPage>(
            "crawl",
            jobId,
            directory,
            format,
            jobProgress => client.WatchCrawlPagesAsync(jobId, polling, jobProgress, cancellationToken),
            static p => new ExportItem(p.Url, p.Url, p.Status, p.ErrorCode, p.ErrorMessage, p.Data?.Markdown),
            ScraperJsonContext.Default.CrawlPage,
            static line => line.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null,
            progress,
            cancellationToken);
    }

    /// <summary>Writes every item of a batch into <paramref name="directory"/>, following the batch while it runs.</summary>
    /// <param name="client">The client.</param>
    /// <param name="jobId">The batch's job id.</param>
    /// <param name="directory">The folder to write into (created if missing).</param>
    /// <param name="format">How to write the items.</param>
    /// <param name="progress">Receives the counts after every item; <see langword="null"/> for none.</param>
    /// <param name="polling">How to poll while the batch runs; <see langword="null"/> for the client's default.</param>
    /// <param name="cancellationToken">Stops the export (the batch keeps running); a rerun continues where it stopped.</param>
    /// <returns>What was written and what failed.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> or <paramref name="directory"/> is empty.</exception>
    /// <exception cref="IOException">Another export is writing into the folder, or a file cannot be written.</exception>
    /// <exception cref="JobFailedException">The batch failed (the items it delivered are written first).</exception>
    /// <exception cref="JobCancelledException">The batch was cancelled (the items it delivered are written first).</exception>
    /// <remarks>An item's identity is its position in the request, so a URL listed twice is written twice (the second file's
    /// name carries a hash).</remarks>
    public static Task<ExportResult> ExportBatchAsync(
        this IScraperClient client,
        string jobId,
        string directory,
        ExportFormat format = ExportFormat.Markdown,
        IProgress<ExportProgress>? progress = null,
        PollingOptions? polling = null,
        CancellationToken cancellationToken = default)
    {
        Check(client, jobId, directory, format);
        return ExportAsync<BatchJob, BatchItem>(
            "batch",
            jobId,
            directory,
            format,
            jobProgress => client.WatchBatchItemsAsync(jobId, polling, jobProgress, cancellationToken),
            static i => new ExportItem(i.InputIndex.ToString(CultureInfo.InvariantCulture), i.Url, i.Status, i.ErrorCode, i.ErrorMessage, i.Data?.Markdown),
            ScraperJsonContext.Default.BatchItem,
            static line => line.TryGetProperty("input_index", out var index) && index.ValueKind == JsonValueKind.Number ? index.GetInt32().ToString(CultureInfo.InvariantCulture) : null,
            progress,
            cancellationToken);
    }

    private static void Check(IScraperClient client, string jobId, string directory, ExportFormat format)
    {
        Guard.NotNull(client);
        Guard.JobId(jobId);
        Guard.NotNullOrWhiteSpace(directory);
        if (format is not (ExportFormat.Markdown or ExportFormat.Jsonl))
        {
            throw new ArgumentException($"Unknown export format {format}.", nameof(format));
        }
    }

    private static async Task<ExportResult> ExportAsync<TJob, TItem>(
        string kind,
        string jobId,
        string directory,
        ExportFormat format,
        Func<IProgress<TJob>, IAsyncEnumerable<TItem>> watch,
        Func<TItem, ExportItem> view,
        JsonTypeInfo<TItem> itemType,
        Func<JsonElement, string?> keyOfLine,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        using var writer = ExportWriter.Open(directory, kind, jobId, format, keyOfLine);
        IScraperJob? job = null;
        var jobProgress = new JobProgressRelay<TJob>(snapshot =>
        {
            job = snapshot;
            progress?.Report(writer.Counts with { Job = job });
        });
        await foreach (var item in watch(jobProgress).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(view(item), item, itemType, cancellationToken).ConfigureAwait(false);
            progress?.Report(writer.Counts with { Job = job });
        }

        return new ExportResult
        {
            Directory = writer.Root,
            ManifestPath = writer.ManifestPath,
            OutputPath = writer.OutputPath,
            Counts = writer.Counts,
            Failures = writer.Failures(),
        };
    }

    /// <summary>Passes each snapshot on synchronously, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class JobProgressRelay<TJob>(Action<TJob> report) : IProgress<TJob>
    {
        public void Report(TJob value) => report(value);
    }
}
