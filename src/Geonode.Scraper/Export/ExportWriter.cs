using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Writes the results of one job into a folder, resumably. The manifest (<c>.geonode-export.jsonl</c>, append-only JSON lines
/// after a versioned header) records every page written or failed; a rerun skips what it records (and, for JSON Lines, what
/// the output file already holds), so every page ends up written once however often it is delivered. Files are written to a
/// temporary name, flushed to disk and renamed, so a file that exists is complete. The manifest is held exclusively while
/// the export runs: a second export into the same folder fails instead of interleaving.
/// </summary>
internal sealed class ExportWriter : IDisposable
{
    public const string ManifestFileName = ".geonode-export.jsonl";

    public const string JsonlFileName = "results.jsonl";

    public const string ReceiptFileName = "receipt.json";

    private static readonly byte[] NewLine = [(byte)'\n'];

    private readonly string _root;
    private readonly string _secret;
    private readonly ExportFormat _format;
    private readonly FileStream _manifest;
    private FileStream? _output; // JSON Lines only: results.jsonl, opened once the manifest is settled.
    // What a resume needs of each page, not what was written: Markdown's file per key (null for a failure), the file names
    // taken, the keys in the JSON Lines file, and the failures (the latest entry of each key that failed).
    private readonly Dictionary<string, string?> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claimed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExportFailure> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _outputKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _written;
    private int _already;
    private int _duplicates;
    private int _failed;

    private ExportWriter(string root, ExportFormat format, FileStream manifest, string secret)
    {
        _secret = secret;
        _root = root;
        _format = format;
        _manifest = manifest;
    }

    public ExportProgress Counts => new() { Written = _written, AlreadyExported = _already, Duplicates = _duplicates, Failed = _failed };

    /// <summary>Opens (or resumes) the export of <paramref name="jobId"/> in <paramref name="directory"/>. A folder that
    /// holds the export of another job or format, or files of its own, is refused unless <paramref name="overwrite"/>; then
    /// only what the earlier export wrote is deleted.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="kind">The kind of job.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="format">How results are written.</param>
    /// <param name="overwrite">Whether a folder holding something else may be written into.</param>
    /// <param name="keyOfLine">The identity of a line of a JSON Lines file.</param>
    /// <param name="secret">The API key: nothing written may hold it (a server may echo it in an error or a page).</param>
    public static ExportWriter Open(string directory, string kind, string jobId, ExportFormat format, bool overwrite, Func<JsonElement, string?> keyOfLine, string secret)
    {
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        var manifestPath = Path.Combine(root, ManifestFileName);
        // The SDK's own state files (a job ledger kept beside an export, ".geonode-*") are not what an export could replace.
        var otherFiles = !File.Exists(manifestPath)
            && Directory.EnumerateFileSystemEntries(root).Any(e => !Path.GetFileName(e).StartsWith(".geonode", StringComparison.Ordinal));
        if (otherFiles && !overwrite)
        {
            throw new ExportFolderInUseException(root, jobId, null,
                $"The folder {root} is not empty and holds no export: exporting {kind} {jobId} into it could replace files it did not write. Export into an empty or new folder, or set ExportOptions.Overwrite.");
        }

        FileStream manifest;
        try
        {
            manifest = new FileStream(manifestPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"Another export is writing into {root} (its manifest {ManifestFileName} is in use).", ex);
        }

        var exportName = Name(format);
        FileStream? output = null;
        try
        {
            // One pass over the manifest as a stream: the header comes first and says whose export this is; the entries
            // after it are kept (this export, resumed) or their files deleted (another's, replaced on request).
            var writer = new ExportWriter(root, format, manifest, secret);
            ExportManifestLine? header = null;
            var same = false;
            string? deleted = null;
            ForEachLine(manifest, line =>
            {
                if (Parse(line) is not { } parsed)
                {
                    return;
                }

                if (parsed.Format is not null)
                {
                    if (header is null)
                    {
                        header = parsed;
                        same = Check(parsed);
                    }
                }
                else if (header is null)
                {
                    // Entries before any header are not an export's: the manifest is started afresh below.
                }
                else if (same)
                {
                    writer.Resume(parsed);
                }
                else if (parsed.Path is not null && parsed.Path != deleted)
                {
                    // Asked to replace another export: what it wrote goes, and nothing else.
                    File.Delete(ExportPaths.FullPath(root, parsed.Path));
                    deleted = parsed.Path;
                }
            });

            var outputPath = Path.Combine(root, JsonlFileName);
            if (header is not null && !same)
            {
                File.Delete(Path.Combine(root, ReceiptFileName));
            }

            if (!same)
            {
                manifest.SetLength(0);
                if (format == ExportFormat.Jsonl)
                {
                    File.Delete(outputPath);
                }
            }

            if (format == ExportFormat.Jsonl)
            {
                output = new FileStream(outputPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                writer._output = output;
                ForEachLine(output, line =>
                {
                    if (KeyOf(line, keyOfLine) is { } key)
                    {
                        writer._outputKeys.Add(key);
                    }
                });
            }

            if (!same)
            {
                writer.Append(new ExportManifestLine
                {
                    Format = ExportManifestLine.FormatName,
                    Version = ExportManifestLine.CurrentVersion,
                    JobId = jobId,
                    Kind = kind,
                    Export = exportName,
                });
            }

            return writer;
        }
        catch
        {
            output?.Dispose();
            manifest.Dispose();
            throw;
        }

        bool Check(ExportManifestLine found)
        {
            if (found.Version > ExportManifestLine.CurrentVersion)
            {
                throw new InvalidDataException($"{manifestPath} was written by a newer version of the SDK (format version {found.Version}).");
            }

            if (found is { Format: ExportManifestLine.FormatName } && found.JobId == jobId && found.Kind == kind && found.Export == exportName)
            {
                return true;
            }

            if (!overwrite)
            {
                var what = found.JobId == jobId ? $"the {found.Export} export of the same {found.Kind}" : $"the {found.Export} export of {found.Kind} {found.JobId}";
                throw new ExportFolderInUseException(root, jobId, found.JobId,
                    $"The folder {root} holds {what}; exporting {kind} {jobId} ({exportName}) into it would delete it. Export into another folder, or set ExportOptions.Overwrite to replace it.");
            }

            return false;
        }
    }

    /// <summary>Writes the job's receipt beside the files (atomically), and returns its path.</summary>
    public async Task<string> WriteReceiptAsync(JobReceipt receipt, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_root, ReceiptFileName);
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(receipt, ScraperJsonContext.Default.JobReceipt));
        await WriteFileAsync(path, json, cancellationToken).ConfigureAwait(false);
        return path;
    }

    public string ManifestPath => _manifest.Name;

    public string? OutputPath => _output?.Name;

    public string Root => _root;

    /// <summary>Writes one page or item unless it is a repeat or already exported; returns false when it was skipped.</summary>
    public async Task<bool> WriteAsync<TItem>(ExportItem view, TItem item, JsonTypeInfo<TItem> itemType, CancellationToken cancellationToken)
    {
        view = view with { ErrorCode = Redact(view.ErrorCode), ErrorMessage = Redact(view.ErrorMessage), Markdown = Redact(view.Markdown) };
        if (!_seen.Add(view.Key))
        {
            _duplicates++;
            return false;
        }

        if (IsDone(view.Key))
        {
            _already++;
            return false;
        }

        var entry = new ExportManifestLine
        {
            Key = view.Key,
            Url = view.Url,
            Status = view.Status.ToString(),
            ErrorCode = view.ErrorCode,
            ErrorMessage = view.ErrorMessage,
        };
        var succeeded = view.Status == JobStatus.Completed;
        if (_format == ExportFormat.Jsonl)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(item, itemType);
            if (_secret.Length > 0 && Encoding.UTF8.GetString(bytes) is var line && line.Contains(_secret))
            {
                bytes = Encoding.UTF8.GetBytes(line.Replace(_secret, "***"));
            }
            await _output!.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync(NewLine, 0, 1, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            _outputKeys.Add(view.Key);
            entry.Path = succeeded ? JsonlFileName : null;
        }
        else if (succeeded && view.Markdown is null)
        {
            succeeded = false;
            entry.ErrorMessage = "The page completed without Markdown (the job did not request the markdown format); nothing was written.";
        }
        else if (succeeded)
        {
            var path = _paths.TryGetValue(view.Key, out var earlier) && earlier is not null ? earlier : Claim(view.Url, view.Key);
            await WriteFileAsync(ExportPaths.FullPath(_root, path), view.Markdown!, cancellationToken).ConfigureAwait(false);
            entry.Path = path;
        }

        Append(entry);
        Resume(entry);
        if (succeeded)
        {
            _written++;
        }
        else
        {
            _failed++;
        }

        return true;
    }

    /// <summary>Gets every failure the manifest records, from this run and earlier ones (a page written since is not one).</summary>
    public IReadOnlyList<ExportFailure> Failures() => [.. _failures.Values];

    public void Dispose()
    {
        if (_output is not null)
        {
            _output.Flush(flushToDisk: true);
            _output.Dispose();
        }

        _manifest.Flush(flushToDisk: true);
        _manifest.Dispose();
    }

    private string? Redact(string? text) => ErrorMapper.Redact(text, _secret);

    private static string Name(ExportFormat format) => format == ExportFormat.Jsonl ? "jsonl" : "markdown";

    private bool IsDone(string key)
    {
        if (_format == ExportFormat.Jsonl)
        {
            return _outputKeys.Contains(key);
        }

        return _paths.TryGetValue(key, out var path)
            && (path is null || File.Exists(ExportPaths.FullPath(_root, path)));
    }

    /// <summary>Takes in one entry of the manifest (read on opening, or just appended): what is kept of it is what a resume
    /// needs, so memory grows with the number of pages by their keys and file names, never with what was written.</summary>
    private void Resume(ExportManifestLine entry)
    {
        var key = entry.Key;
        if (key is null)
        {
            return;
        }

        if (_format == ExportFormat.Markdown)
        {
            _paths[key] = entry.Path;
            if (entry.Path is not null)
            {
                _claimed[entry.Path] = key;
            }
        }

        if (entry.Path is null)
        {
            _failures[key] = new ExportFailure
            {
                Url = entry.Url ?? key,
                Status = new JobStatus(entry.Status ?? "unknown"),
                ErrorCode = entry.ErrorCode,
                ErrorMessage = entry.ErrorMessage,
            };
        }
        else
        {
            _failures.Remove(key);
        }
    }

    /// <summary>The file for a URL; a different key that already holds that name (or the same name in another letter case)
    /// makes this one take a name suffixed with a hash of its own key, the same on every run.</summary>
    private string Claim(string url, string key)
    {
        var path = ExportPaths.RelativePath(url);
        for (var n = 0; _claimed.TryGetValue(path, out var holder) && holder != key; n++)
        {
            path = ExportPaths.Disambiguate(ExportPaths.RelativePath(url), n == 0 ? key : key + "#" + n);
        }

        _claimed[path] = key;
        return path;
    }

    private static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

#if NETCOREAPP3_0_OR_GREATER
            File.Move(temp, path, overwrite: true);
#else
            if (File.Exists(path))
            {
                File.Replace(temp, path, null);
            }
            else
            {
                File.Move(temp, path);
            }
#endif
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private void Append(ExportManifestLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, ScraperJsonContext.Default.ExportManifestLine);
        _manifest.Write(bytes, 0, bytes.Length);
        _manifest.Write(NewLine, 0, 1);

        // To the operating system, not the disk: a lost entry only makes a rerun write its (complete) file again.
        _manifest.Flush();
    }

    /// <summary>One line of a manifest, or null when it cannot be read (a line from a future version, a damaged one).</summary>
    private static ExportManifestLine? Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line.Span, ScraperJsonContext.Default.ExportManifestLine);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The identity of a line of a JSON Lines file, or null when it has none or cannot be read.</summary>
    private static string? KeyOf(ReadOnlyMemory<byte> line, Func<JsonElement, string?> keyOfLine)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return keyOfLine(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Calls <paramref name="onLine"/> with each line of the file that ends in a newline (without it), reading it as
    /// a stream: memory is one 64 KB block and the longest line, not the file (a JSON Lines export of a large crawl is
    /// gigabytes). The line is valid only during the call. The file is then cut after the last complete line (a torn last
    /// line, from a process that died mid-write, is dropped so the next line starts clean) and left positioned at its end.</summary>
    private static void ForEachLine(FileStream stream, Action<ReadOnlyMemory<byte>> onLine)
    {
        stream.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var filled = 0;
        long bufferAt = 0;
        long end = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer: a bigger one.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                var start = 0;
                var from = filled;
                filled += read;
                int newline;
                while ((newline = buffer.AsSpan(from, filled - from).IndexOf((byte)'\n')) >= 0)
                {
                    var at = from + newline;
                    if (at > start)
                    {
                        onLine(buffer.AsMemory(start, at - start));
                    }

                    start = from = at + 1;
                    end = bufferAt + start;
                }

                // The start of a line that goes on in the next block moves to the front.
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                bufferAt += start;
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        stream.SetLength(end);
        stream.Position = end;
    }
}
