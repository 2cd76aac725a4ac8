using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The file-backed <see cref="IJobLedger"/> for one machine: an append-only file of JSON lines after a versioned header,
/// each record flushed to disk (fsync) before its method completes. Several processes on the machine may share the file:
/// each operation holds a lock file beside it (<c>&lt;path&gt;.lock</c>) and retries for <see cref="LockTimeout"/> while
/// another process holds it, so a claim is one atomic read-and-append. Leases expire on this machine's clock. A line torn by
/// a crash, or otherwise unreadable, is skipped. The file is compacted once it holds a few hundred records more than its
/// entries need; finished entries are kept for <see cref="FinishedRetention"/> so that their idempotency keys stay taken.
/// The files are created readable and writable by their owner only (mode 0600 on Unix; the netstandard2.0 build sets it
/// right after creating the file, best effort, and not on Windows). The file holds the request bodies without the headers
/// for target sites, and never the API key. Files written by version 0.1 of the SDK are read, and their entries in flight
/// taken over like those of an owner whose lease has expired.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class FileJobLedger : IJobLedger
{
    /// <summary>The number of records beyond one per entry above which the file is compacted.</summary>
    internal const int CompactionThreshold = 256;

    private static readonly byte[] NewLine = [(byte)'\n'];
    private readonly TimeProvider _time;
    private readonly string _lockPath;

    /// <summary>Initializes a new instance of the <see cref="FileJobLedger"/> class.</summary>
    /// <param name="path">The ledger file; it and its folder are created when first written.</param>
    /// <param name="timeProvider">The clock for the entries' times, leases and lock retries; <see langword="null"/> for the system clock.</param>
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

    /// <summary>Gets or sets how long a finished entry is kept (its idempotency key stays taken, and re-running what failed
    /// finds its request) before compaction drops it.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task<JobClaim> ClaimAsync(JobLedgerEntry entry, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LedgerRules.CheckClaim(entry, leaseDuration);
        return DecideAsync<JobClaim>(
            state =>
            {
                var now = _time.GetUtcNow();
                var stored = state.Get(entry.EntryId);
                if (stored is null)
                {
                    var line = new JobLedgerLine
                    {
                        Op = JobLedgerLine.Claim,
                        EntryId = entry.EntryId,
                        Kind = entry.Kind,
                        At = entry.RecordedAt,
                        Url = entry.Url,
                        UrlCount = entry.UrlCount,
                        Request = entry.RequestJson,
                        Owner = entry.Owner,
                        LeaseUntil = now + leaseDuration,
                    };
                    return (line, () => new JobClaim { Entry = state.Get(entry.EntryId)!, IsOwner = true });
                }

                if (LedgerRules.CanTakeOver(stored, entry.Owner!, now))
                {
                    var line = new JobLedgerLine { Op = JobLedgerLine.TakeOver, EntryId = entry.EntryId, Owner = entry.Owner, LeaseUntil = now + leaseDuration, At = now };
                    var tookOver = stored.Owner != entry.Owner;
                    return (line, () => new JobClaim { Entry = state.Get(entry.EntryId)!, IsOwner = true, TookOver = tookOver });
                }

                return (null, () => new JobClaim { Entry = stored });
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task<bool> TryRecordSendingAsync(string entryId, string owner, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        Guard.NotNullOrWhiteSpace(owner);
        return DecideAsync<bool>(
            state =>
            {
                var stored = state.Get(entryId);
                if (stored is null || stored.Owner != owner || stored.State is not (JobLedgerState.Claimed or JobLedgerState.Sending)
                    || stored.LeaseExpiresAt <= _time.GetUtcNow())
                {
                    return (null, () => false);
                }

                return (stored.State == JobLedgerState.Sending ? null : new JobLedgerLine { Op = JobLedgerLine.Sending, EntryId = entryId, At = _time.GetUtcNow() }, () => true);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        Guard.NotNullOrWhiteSpace(jobId);
        return UpdateAsync(
            state => state.Get(entryId) is { State: not JobLedgerState.Finished }
                ? new JobLedgerLine { Op = JobLedgerLine.Started, EntryId = entryId, JobId = jobId, At = _time.GetUtcNow() }
                : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId);
        return UpdateAsync(
            state => state.Get(entryId) is { JobId: null }
                ? new JobLedgerLine { Op = JobLedgerLine.NotStarted, EntryId = entryId, At = _time.GetUtcNow() }
                : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId);
        return UpdateAsync(
            state => state.Find(jobId) is { State: not JobLedgerState.Finished }
                ? new JobLedgerLine { Op = JobLedgerLine.Finished, JobId = jobId, Status = status.ToString(), At = _time.GetUtcNow() }
                : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task RenewLeasesAsync(string owner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(owner);
        LedgerRules.CheckLease(leaseDuration);
        return UpdateAsync(state => LeaseLine(state, owner, _time.GetUtcNow() + leaseDuration), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task ReleaseAsync(string owner, string? entryId = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(owner);
        return UpdateAsync(
            state => state.Holds(owner, entryId)
                ? new JobLedgerLine { Op = JobLedgerLine.Release, Owner = owner, EntryId = entryId, LeaseUntil = _time.GetUtcNow() }
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

    /// <inheritdoc/>
    /// <exception cref="IOException">Another process holds the file longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer version of the SDK.</exception>
    public async Task<JobLedgerEntry?> FindEntryAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId, nameof(entryId));
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return Read().Get(entryId);
        }
    }

    /// <summary>Rewrites the file with only the entries it still needs (the SDK does this by itself from time to time).</summary>
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

    private static JobLedgerLine? LeaseLine(LedgerState state, string owner, DateTimeOffset until) =>
        state.Holds(owner, null) ? new JobLedgerLine { Op = JobLedgerLine.Lease, Owner = owner, LeaseUntil = until } : null;

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

    private Task<bool> UpdateAsync(Func<LedgerState, JobLedgerLine?> line, CancellationToken cancellationToken) =>
        DecideAsync<bool>(state => (line(state), static () => true), cancellationToken);

    /// <summary>Reads the file, decides on a record from what it holds, appends and applies it, all under the lock (one
    /// atomic step for every process on the machine), then computes the result from the updated state.</summary>
    private async Task<T> DecideAsync<T>(Func<LedgerState, (JobLedgerLine? Line, Func<T> Result)> decide, CancellationToken cancellationToken)
    {
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = Read();
            var (record, result) = decide(state);
            if (record is null)
            {
                return result();
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
            if (state.Records - state.Count > CompactionThreshold)
            {
                Compact(state);
            }

            return result();
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
        var keepFinishedSince = _time.GetUtcNow() - FinishedRetention;
        using (var stream = OpenOwnerOnly(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var header = Serialize(new JobLedgerLine { Format = JobLedgerLine.FormatName, Version = JobLedgerLine.CurrentVersion });
            stream.Write(header, 0, header.Length);
            stream.Write(NewLine, 0, 1);
            foreach (var line in state.EntryLines(keepFinishedSince))
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
        private readonly Dictionary<string, (JobLedgerEntry Entry, long Order, DateTimeOffset? FinishedAt)> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _byJob = new(StringComparer.Ordinal);
        private long _order;

        /// <summary>Gets the number of records folded.</summary>
        public int Records { get; private set; }

        /// <summary>Gets the number of entries.</summary>
        public int Count => _entries.Count;

        public JobLedgerEntry? Get(string entryId) => _entries.TryGetValue(entryId, out var e) ? e.Entry : null;

        public JobLedgerEntry? Find(string jobId) => _byJob.TryGetValue(jobId, out var entryId) ? Get(entryId) : null;

        /// <summary>Whether <paramref name="owner"/> holds the lease of the unfinished entry <paramref name="entryId"/>, or of any when null.</summary>
        public bool Holds(string owner, string? entryId) => Held(owner, entryId).Any();

        public IReadOnlyList<JobLedgerEntry> InFlight() =>
            [.. _entries.Values.Where(e => e.Entry.State != JobLedgerState.Finished).OrderBy(e => e.Order).Select(e => e.Entry)];

        public void Apply(JobLedgerLine line)
        {
            Records++;
            switch (line.Op)
            {
                case JobLedgerLine.Intent or JobLedgerLine.Claim or JobLedgerLine.Entry when line.EntryId is not null && !_entries.ContainsKey(line.EntryId):
                    var state = line.Op switch
                    {
                        JobLedgerLine.Claim => JobLedgerState.Claimed,
                        JobLedgerLine.Entry => Enum.TryParse<JobLedgerState>(line.State, ignoreCase: true, out var parsed) ? parsed : JobLedgerState.Sending,

                        // Version 1 recorded the intent just before sending: the request may have reached the server.
                        _ => line.JobId is null ? JobLedgerState.Sending : JobLedgerState.Started,
                    };
                    Set(new JobLedgerEntry
                    {
                        EntryId = line.EntryId,
                        Kind = line.Kind ?? string.Empty,
                        RecordedAt = line.At ?? default,
                        Url = line.Url,
                        UrlCount = line.UrlCount,
                        RequestJson = line.Request,
                        JobId = line.JobId,
                        State = state,
                        Owner = line.Owner,
                        LeaseExpiresAt = state == JobLedgerState.Finished ? null : line.LeaseUntil,
                        FinalStatus = line.Status is null ? (JobStatus?)null : new JobStatus(line.Status),
                    }, _order++, line.FinishedAt);
                    break;
                case JobLedgerLine.TakeOver when Unfinished(line.EntryId) is { } e:
                    Set(e.Entry with { Owner = line.Owner, LeaseExpiresAt = line.LeaseUntil }, e.Order, null);
                    break;
                case JobLedgerLine.Sending when Unfinished(line.EntryId) is { Entry.State: JobLedgerState.Claimed } e:
                    Set(e.Entry with { State = JobLedgerState.Sending }, e.Order, null);
                    break;
                case JobLedgerLine.Started when line.JobId is not null && Unfinished(line.EntryId) is { } e:
                    Set(e.Entry with { State = JobLedgerState.Started, JobId = line.JobId }, e.Order, null);
                    break;
                case JobLedgerLine.NotStarted when line.EntryId is not null && Unfinished(line.EntryId) is { Entry.JobId: null }:
                    _entries.Remove(line.EntryId);
                    break;
                case JobLedgerLine.Finished when line.JobId is not null && _byJob.TryGetValue(line.JobId, out var entryId) && Unfinished(entryId) is { } e:
                    Set(e.Entry with { State = JobLedgerState.Finished, FinalStatus = new JobStatus(line.Status ?? string.Empty), LeaseExpiresAt = null }, e.Order, line.At);
                    break;
                case JobLedgerLine.Lease when line.Owner is not null:
                    foreach (var e in Held(line.Owner, null).ToList())
                    {
                        Set(e.Entry with { LeaseExpiresAt = line.LeaseUntil }, e.Order, null);
                    }

                    break;
                case JobLedgerLine.Release when line.Owner is not null:
                    foreach (var e in Held(line.Owner, line.EntryId).ToList())
                    {
                        Set(e.Entry with { Owner = null, LeaseExpiresAt = line.LeaseUntil }, e.Order, null);
                    }

                    break;
            }
        }

        /// <summary>One <see cref="JobLedgerLine.Entry"/> record per entry, leaving out those finished before <paramref name="keepFinishedSince"/>.</summary>
        public IEnumerable<JobLedgerLine> EntryLines(DateTimeOffset keepFinishedSince) =>
            _entries.Values
                .Where(e => e.Entry.State != JobLedgerState.Finished || e.FinishedAt is not { } at || at >= keepFinishedSince)
                .OrderBy(e => e.Order)
                .Select(e => new JobLedgerLine
                {
                    Op = JobLedgerLine.Entry,
                    EntryId = e.Entry.EntryId,
                    Kind = e.Entry.Kind,
                    At = e.Entry.RecordedAt,
                    Url = e.Entry.Url,
                    UrlCount = e.Entry.UrlCount,
                    Request = e.Entry.RequestJson,
                    JobId = e.Entry.JobId,
                    State = e.Entry.State.ToString(),
                    Owner = e.Entry.Owner,
                    LeaseUntil = e.Entry.LeaseExpiresAt,
                    Status = e.Entry.FinalStatus?.ToString(),
                    FinishedAt = e.FinishedAt,
                });

        private IEnumerable<(JobLedgerEntry Entry, long Order, DateTimeOffset? FinishedAt)> Held(string owner, string? entryId) =>
            _entries.Values.Where(e => e.Entry.Owner == owner && e.Entry.State != JobLedgerState.Finished && (entryId is null || e.Entry.EntryId == entryId));

        private (JobLedgerEntry Entry, long Order)? Unfinished(string? entryId) =>
            entryId is not null && _entries.TryGetValue(entryId, out var e) && e.Entry.State != JobLedgerState.Finished ? (e.Entry, e.Order) : null;

        private void Set(JobLedgerEntry entry, long order, DateTimeOffset? finishedAt)
        {
            _entries[entry.EntryId] = (entry, order, finishedAt);
            if (entry.JobId is not null)
            {
                _byJob[entry.JobId] = entry.EntryId;
            }
        }
    }
}
