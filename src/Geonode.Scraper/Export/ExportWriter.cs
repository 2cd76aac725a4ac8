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
    private readonly FileStream? _output;
    private readonly Dictionary<string, ExportManifestLine> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claimed = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _outputKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _written;
    private int _already;
    private int _duplicates;
    private int _failed;

    private ExportWriter(string root, ExportFormat format, FileStream manifest, FileStream? output, string secret)
    {
        _secret = secret;
        _root = root;
        _format = format;
        _manifest = manifest;
        _output = output;
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

        FileStream? output = null;
        try
        {
            var lines = ReadLines(manifest, out var header);
            if (header?.Version > ExportManifestLine.CurrentVersion)
            {
                throw new InvalidDataException($"{manifestPath} was written by a newer version of the SDK (format version {header.Version}).");
            }

            var same = header is { Format: ExportManifestLine.FormatName } h && h.JobId == jobId && h.Kind == kind && h.Export == Name(format);
            var outputPath = Path.Combine(root, JsonlFileName);
            if (header is not null && !same)
            {
                if (!overwrite)
                {
                    var what = header.JobId == jobId ? $"the {header.Export} export of the same {header.Kind}" : $"the {header.Export} export of {header.Kind} {header.JobId}";
                    throw new ExportFolderInUseException(root, jobId, header.JobId,
                        $"The folder {root} holds {what}; exporting {kind} {jobId} ({Name(format)}) into it would delete it. Export into another folder, or set ExportOptions.Overwrite to replace it.");
                }

                // Asked to replace it: what the earlier export wrote goes, and nothing else.
                foreach (var written in lines.Where(l => l.Path is not null).Select(l => l.Path!).Distinct(StringComparer.Ordinal))
                {
                    File.Delete(ExportPaths.FullPath(root, written));
                }

                File.Delete(Path.Combine(root, ReceiptFileName));
            }

            if (!same)
            {
                manifest.SetLength(0);
                lines = [];
                if (format == ExportFormat.Jsonl)
                {
                    File.Delete(outputPath);
                }
            }

            if (format == ExportFormat.Jsonl)
            {
                output = new FileStream(outputPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            }

            var writer = new ExportWriter(root, format, manifest, output, secret);
            if (!same)
            {
                writer.Append(new ExportManifestLine
                {
                    Format = ExportManifestLine.FormatName,
                    Version = ExportManifestLine.CurrentVersion,
                    JobId = jobId,
                    Kind = kind,
                    Export = Name(format),
                });
            }

            foreach (var line in lines.Where(l => l.Key is not null))
            {
                writer._entries[line.Key!] = line;
                if (line.Path is not null && format == ExportFormat.Markdown)
                {
                    writer._claimed[line.Path] = line.Key!;
                }
            }

            if (output is not null)
            {
                foreach (var key in ReadOutputKeys(output, keyOfLine))
                {
                    writer._outputKeys.Add(key);
                }
            }

            return writer;
        }
        catch
        {
            output?.Dispose();
            manifest.Dispose();
            throw;
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
            var path = _entries.TryGetValue(view.Key, out var earlier) && earlier.Path is not null ? earlier.Path : Claim(view.Url, view.Key);
            await WriteFileAsync(ExportPaths.FullPath(_root, path), view.Markdown!, cancellationToken).ConfigureAwait(false);
            entry.Path = path;
        }

        Append(entry);
        _entries[view.Key] = entry;
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

    /// <summary>Gets every failure the manifest records, from this run and earlier ones.</summary>
    public IReadOnlyList<ExportFailure> Failures() =>
        [.. _entries.Values.Where(e => e.Path is null).Select(e => new ExportFailure
        {
            Url = e.Url ?? e.Key!,
            Status = new JobStatus(e.Status ?? "unknown"),
            ErrorCode = e.ErrorCode,
            ErrorMessage = e.ErrorMessage,
        })];

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

        return _entries.TryGetValue(key, out var entry)
            && (entry.Path is null || File.Exists(ExportPaths.FullPath(_root, entry.Path)));
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

    /// <summary>Reads the complete lines of a manifest (a torn last line is cut off; unreadable lines are skipped).</summary>
    private static List<ExportManifestLine> ReadLines(FileStream stream, out ExportManifestLine? header)
    {
        header = null;
        var result = new List<ExportManifestLine>();
        foreach (var line in CompleteLines(stream))
        {
            ExportManifestLine? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(line, ScraperJsonContext.Default.ExportManifestLine);
            }
            catch (JsonException)
            {
                continue;
            }

            if (parsed?.Format is not null)
            {
                header ??= parsed;
            }
            else if (parsed is not null)
            {
                result.Add(parsed);
            }
        }

        return result;
    }

    private static IEnumerable<string> ReadOutputKeys(FileStream stream, Func<JsonElement, string?> keyOfLine)
    {
        foreach (var line in CompleteLines(stream))
        {
            string? key = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                key = keyOfLine(doc.RootElement);
            }
            catch (JsonException)
            {
            }

            if (key is not null)
            {
                yield return key;
            }
        }
    }

    /// <summary>The lines that end in a newline; the stream is cut after the last one and left positioned at its end.</summary>
    private static List<string> CompleteLines(FileStream stream)
    {
        stream.Position = 0;
        var bytes = new byte[stream.Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < read; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                if (i > start)
                {
                    lines.Add(Encoding.UTF8.GetString(bytes, start, i - start));
                }

                start = i + 1;
            }
        }

        // A torn last line (the process died mid-write) is dropped, so the next line starts clean.
        stream.SetLength(start);
        stream.Position = start;
        return lines;
    }
}
