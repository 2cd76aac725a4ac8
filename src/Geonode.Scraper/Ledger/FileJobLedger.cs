using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The file-backed <see cref="IJobLedger"/> for one machine: an append-only file of JSON lines after a versioned header,
/// each record flushed to disk (fsync) before its method completes. Several processes on the machine may share the file:
/// each operation holds a lock file beside it (<c>&lt;path&gt;.lock</c>) and retries for <see cref="LockTimeout"/> while
/// another process holds it. A line torn by a crash, or otherwise unreadable, is skipped. Finished entries are compacted
/// away once there are more than a few hundred of them. The files are created readable and writable by their owner only
/// (mode 0600 on Unix; the netstandard2.0 build sets it right after creating the file, best effort, and not on Windows).
/// The file holds the request bodies without the headers for target sites, and never the API key.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class FileJobLedger : IJobLedger
{
    /// <summary>The number of finished entries above which the file is compacted.</summary>
    internal const int CompactionThreshold = 256;

    private static readonly byte[] NewLine = [(byte)'\n'];
    private readonly TimeProvider _time;
    private readonly string _lockPath;

    /// <summary>Initializes a new instance of the <see cref="FileJobLedger"/> class.</summary>
    /// <param name="path">The ledger file; it and its folder are created when first written.</param>
    /// <param name="timeProvider">The clock for the entries' times and the lock retries; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FileJobLedger(string path, TimeProvider? timeProvider = null)
    {
        Guard.NotNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _lockPath = Path + ".lock";
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the full path of the ledger file.</summary>
    public string Path { get; }

    /// <summary>Gets or sets how long an operation waits for another process to release the file.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordIntentAsync(JobLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(entry);
        Guard.NotNullOrWhiteSpace(entry.EntryId, nameof(entry));
        return UpdateAsync(
            _ => new JobLedgerLine
            {
                Op = JobLedgerLine.Intent,
                EntryId = entry.EntryId,
                Kind = entry.Kind,
                At = entry.RecordedAt,
                Url = entry.Url,
                UrlCount = entry.UrlCount,
                Request = entry.RequestJson,
                JobId = entry.JobId,
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        Guard.NotNullOrWhiteSpace(jobId);
        return UpdateAsync(_ => new JobLedgerLine { Op = JobLedgerLine.Started, EntryId = entryId, JobId = jobId, At = _time.GetUtcNow() }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        return UpdateAsync(_ => new JobLedgerLine { Op = JobLedgerLine.NotStarted, EntryId = entryId, At = _time.GetUtcNow() }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        return UpdateAsync(
            state => state.InFlightJob(jobId)
                ? new JobLedgerLine { Op = JobLedgerLine.Finished, JobId = jobId, Status = status.ToString(), At = _time.GetUtcNow() }
                : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">Another process holds the file longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer version of the SDK.</exception>
    public async Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default)
    {
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return Read().InFlight();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">Another process holds the file longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer version of the SDK.</exception>
    public async Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId, nameof(jobId));
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return Read().Find(jobId);
        }
    }

    /// <summary>Rewrites the file with only the entries still in flight (the SDK does this by itself from time to time).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the compacted file has replaced the old one.</returns>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            Compact(Read());
        }
    }

    /// <summary>Returns the file's path.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(FileJobLedger)} {{ Path = {Path} }}";

    private static FileStream OpenOwnerOnly(string path, FileMode mode, FileAccess access, FileShare share)
    {
#if NET8_0_OR_GREATER
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
#else
        var existed = File.Exists(path);
        var stream = new FileStream(path, mode, access, share);
        if (!existed)
        {
            NativeMethods.TryMakeOwnerOnly(path);   // before anything is written into it
        }

        return stream;
#endif
    }

    private static byte[] Serialize(JobLedgerLine line) => JsonSerializer.SerializeToUtf8Bytes(line, ScraperJsonContext.Default.JobLedgerLine);

    private async Task UpdateAsync(Func<LedgerState, JobLedgerLine?> line, CancellationToken cancellationToken)
    {
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = Read();
            if (line(state) is not { } record)
            {
                return;
            }

            using (var stream = OpenOwnerOnly(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
            {
                if (stream.Length == 0)
                {
                    var header = Serialize(new JobLedgerLine { Format = JobLedgerLine.FormatName, Version = JobLedgerLine.CurrentVersion });
                    stream.Write(header, 0, header.Length);
                    stream.Write(NewLine, 0, 1);
                }
                else
                {
                    // After a torn last line, start on a line of our own.
                    stream.Seek(-1, SeekOrigin.End);
                    var last = stream.ReadByte();
                    stream.Seek(0, SeekOrigin.End);
                    if (last != '\n')
                    {
                        stream.Write(NewLine, 0, 1);
                    }
                }

                var bytes = Serialize(record);
                stream.Write(bytes, 0, bytes.Length);
                stream.Write(NewLine, 0, 1);
                stream.Flush(flushToDisk: true);
            }

            state.Apply(record);
            if (state.Closed > CompactionThreshold)
            {
                Compact(state);
            }
        }
    }

    private LedgerState Read()
    {
        var state = new LedgerState();
        if (!File.Exists(Path))
        {
            return state;
        }

        var bytes = File.ReadAllBytes(Path);
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n')
            {
                continue;
            }

            if (i > start)
            {
                JobLedgerLine? line = null;
                try
                {
                    line = JsonSerializer.Deserialize(new ReadOnlySpan<byte>(bytes, start, i - start), ScraperJsonContext.Default.JobLedgerLine);
                }
                catch (JsonException)
                {
                    // A torn or corrupt line: skipped, as the records around it are still good.
                }

                if (line?.Format is not null && line.Version > JobLedgerLine.CurrentVersion)
                {
                    throw new InvalidDataException($"{Path} was written by a newer version of the SDK (format version {line.Version}).");
                }

                if (line?.Op is not null)
                {
                    state.Apply(line);
                }
            }

            start = i + 1;
        }

        return state;
    }

    private void Compact(LedgerState state)
    {
        var temp = Path + ".compact";
        using (var stream = OpenOwnerOnly(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var header = Serialize(new JobLedgerLine { Format = JobLedgerLine.FormatName, Version = JobLedgerLine.CurrentVersion });
            stream.Write(header, 0, header.Length);
            stream.Write(NewLine, 0, 1);
            foreach (var line in state.OpenLines())
            {
                var bytes = Serialize(line);
                stream.Write(bytes, 0, bytes.Length);
                stream.Write(NewLine, 0, 1);
            }

            stream.Flush(flushToDisk: true);
        }

#if NETCOREAPP3_0_OR_GREATER
        File.Move(temp, Path, overwrite: true);
#else
        File.Replace(temp, Path, null);
#endif
        state.Closed = 0;
    }

    /// <summary>Takes the lock file, retrying while another process holds it.</summary>
    private async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var started = _time.GetTimestamp();
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return OpenOwnerOnly(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (!(ex is FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                if (_time.GetElapsedTime(started) >= LockTimeout)
                {
                    throw new IOException($"The job ledger {Path} stayed locked by another process for {Durations.Format(LockTimeout)}.", ex);
                }
            }

            attempt++;
            await _time.DelayAsync(TimeSpan.FromMilliseconds(Math.Min(5 * attempt, 50)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The entries a file describes, folded from its records in order.</summary>
    private sealed class LedgerState
    {
        private readonly Dictionary<string, (JobLedgerLine Intent, string? JobId, bool Closed)> _entries = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly Dictionary<string, string> _byJob = new(StringComparer.Ordinal);

        /// <summary>Gets or sets the number of closed entries in the file (finished or not started).</summary>
        public int Closed { get; set; }

        public bool InFlightJob(string jobId) =>
            _byJob.TryGetValue(jobId, out var entryId) && !_entries[entryId].Closed;

        public void Apply(JobLedgerLine line)
        {
            switch (line.Op)
            {
                case JobLedgerLine.Intent when line.EntryId is not null && !_entries.ContainsKey(line.EntryId):
                    _entries[line.EntryId] = (line, line.JobId, false);
                    _order.Add(line.EntryId);
                    if (line.JobId is not null)
                    {
                        _byJob[line.JobId] = line.EntryId;
                    }

                    break;
                case JobLedgerLine.Started when line.EntryId is not null && line.JobId is not null && _entries.TryGetValue(line.EntryId, out var e):
                    _entries[line.EntryId] = (e.Intent, line.JobId, e.Closed);
                    _byJob[line.JobId] = line.EntryId;
                    break;
                case JobLedgerLine.NotStarted when line.EntryId is not null && _entries.TryGetValue(line.EntryId, out var e) && !e.Closed:
                    _entries[line.EntryId] = (e.Intent, e.JobId, true);
                    Closed++;
                    break;
                case JobLedgerLine.Finished when line.JobId is not null && _byJob.TryGetValue(line.JobId, out var entryId) && !_entries[entryId].Closed:
                    var f = _entries[entryId];
                    _entries[entryId] = (f.Intent, f.JobId, true);
                    Closed++;
                    break;
            }
        }

        public IReadOnlyList<JobLedgerEntry> InFlight() =>
            [.. _order.Select(id => _entries[id]).Where(e => !e.Closed).Select(ToEntry)];

        public JobLedgerEntry? Find(string jobId) =>
            _byJob.TryGetValue(jobId, out var entryId) ? ToEntry(_entries[entryId]) : null;

        private static JobLedgerEntry ToEntry((JobLedgerLine Intent, string? JobId, bool Closed) e) => new()
        {
            EntryId = e.Intent.EntryId!,
            Kind = e.Intent.Kind ?? string.Empty,
            RecordedAt = e.Intent.At ?? default,
            Url = e.Intent.Url,
            UrlCount = e.Intent.UrlCount,
            RequestJson = e.Intent.Request,
            JobId = e.JobId,
        };

        public IEnumerable<JobLedgerLine> OpenLines()
        {
            foreach (var e in _order.Select(id => _entries[id]).Where(e => !e.Closed))
            {
                yield return e.Intent;
                if (e.JobId is not null && e.Intent.JobId is null)
                {
                    yield return new JobLedgerLine { Op = JobLedgerLine.Started, EntryId = e.Intent.EntryId, JobId = e.JobId };
                }
            }
        }
    }
}
