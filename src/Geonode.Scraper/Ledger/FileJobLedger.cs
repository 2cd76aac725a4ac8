using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The file-backed <see cref="IJobLedger"/> for one machine: an append-only file of JSON lines after a versioned header,
/// each record flushed to disk (fsync) before its method completes. Several processes on the machine may share the file:
/// each operation holds a lock file beside it (<c>&lt;path&gt;.lock</c>) and retries for <see cref="LockTimeout"/> while
/// another process holds it, so a claim is one atomic read-and-append; callers within one process (on any instance for the
/// same path) wait their turn for it without polling. Each instance keeps the entries it has read and how far it has read:
/// an operation reads only the complete lines appended since (by this process or another), and reads the file from the start
/// only when it was replaced, which the random generation id in the header of every new or compacted file tells (for files
/// of earlier versions, without one, a shorter file or other bytes before the read offset). Reads and appends are
/// asynchronous. Leases expire on this machine's clock. A line torn by a crash, or otherwise unreadable, is skipped. The
/// file is compacted once it holds a few hundred records more than its entries need, and at least as many more as it has
/// entries; finished entries are kept for <see cref="FinishedRetention"/> so that their idempotency keys stay taken.
/// The files are created readable and writable by their owner only (mode 0600 on Unix; the netstandard2.0 build sets it
/// right after creating the file, best effort, and not on Windows). The file holds the request bodies without the headers
/// for target sites, and never the API key. Files written by version 0.1 of the SDK are read, and their entries in flight
/// taken over like those of an owner whose lease has expired.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class FileJobLedger : IJobLedger
{
    /// <summary>The number of records beyond one per entry above which the file is compacted (or beyond the number of
    /// entries, when that is larger).</summary>
    internal const int CompactionThreshold = 256;

    /// <summary>How many bytes before the read offset are kept and compared on every read: enough for the last record or
    /// two, with their entry ids, as the last few dozen bytes of records written in the same second often look alike.</summary>
    internal const int TailLength = 512;

    private const int ReadChunk = 64 * 1024;

    private static readonly byte[] NewLine = [(byte)'\n'];

    /// <summary>One gate per ledger file for the whole process, whichever instances share the file (dropped while unused).</summary>
    private static readonly KeyedLock Gates = new(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    private readonly TimeProvider _time;
    private readonly string _lockPath;

    // What this instance has read of the file, used only under the lock. _state null: read the file from the start.
    private LedgerState? _state;
    private long _readTo;            // the end of the last line folded into _state
    private byte[] _header = [];     // the file's first line as read: it carries the file's generation
    private byte[] _tail = [];       // the bytes just before _readTo

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

    /// <summary>Gets how many bytes of the ledger file this instance has read, for tests that it reads only what is new.</summary>
    internal long BytesRead { get; private set; }

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
    public Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default) =>
        UnderLockAsync(async ct => (await ReadAsync(ct).ConfigureAwait(false)).InFlight(), cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="IOException">Another process holds the file longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer version of the SDK.</exception>
    public Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(jobId, nameof(jobId));
        return UnderLockAsync(async ct => (await ReadAsync(ct).ConfigureAwait(false)).Find(jobId), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">Another process holds the file longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer version of the SDK.</exception>
    public Task<JobLedgerEntry?> FindEntryAsync(string entryId, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(entryId, nameof(entryId));
        return UnderLockAsync(async ct => (await ReadAsync(ct).ConfigureAwait(false)).Get(entryId), cancellationToken);
    }

    /// <summary>Rewrites the file with only the entries it still needs (the SDK does this by itself from time to time).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the compacted file has replaced the old one.</returns>
    /// <exception cref="IOException">The file cannot be written, or another process holds it longer than <see cref="LockTimeout"/>.</exception>
    public Task CompactAsync(CancellationToken cancellationToken = default) =>
        UnderLockAsync(
            async ct =>
            {
                await CompactAsync(await ReadAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Returns the file's path.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(FileJobLedger)} {{ Path = {Path} }}";

    private static JobLedgerLine? LeaseLine(LedgerState state, string owner, DateTimeOffset until) =>
        state.Holds(owner, null) ? new JobLedgerLine { Op = JobLedgerLine.Lease, Owner = owner, LeaseUntil = until } : null;

    /// <summary>Opens a file; one it creates is readable and writable by its owner only.</summary>
    private static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 0, FileOptions options = FileOptions.Asynchronous)
    {
#if NET8_0_OR_GREATER
        var streamOptions = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (mode is not (FileMode.Open or FileMode.Truncate) && !OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, streamOptions);
#else
        var existed = mode is FileMode.Open or FileMode.Truncate || File.Exists(path);
        var stream = new FileStream(path, mode, access, share, Math.Max(bufferSize, 1), options);   // 1: unbuffered
        if (!existed)
        {
            NativeMethods.TryMakeOwnerOnly(path);   // before anything is written into it
        }

        return stream;
#endif
    }

    /// <summary>Opens the ledger file to read (and to append to, when <paramref name="access"/> says so), or returns
    /// <see langword="null"/> when there is no file yet.</summary>
    private FileStream? TryOpen(FileAccess access)
    {
        try
        {
            return Open(Path, FileMode.Open, access, FileShare.Read);
        }
        catch (UnauthorizedAccessException) when (access != FileAccess.Read)
        {
            return TryOpen(FileAccess.Read);   // a file we may only read is read; appending to it fails as it always did
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static byte[] Serialize(JobLedgerLine line) => JsonSerializer.SerializeToUtf8Bytes(line, ScraperJsonContext.Default.JobLedgerLine);

    /// <summary>A header line (without its line end) for a new file or a new generation of the file.</summary>
    private static byte[] NewHeader() =>
        Serialize(new JobLedgerLine { Format = JobLedgerLine.FormatName, Version = JobLedgerLine.CurrentVersion, Generation = Guid.NewGuid().ToString("N") });

    /// <summary>The last <see cref="TailLength"/> bytes (or fewer) of <paramref name="before"/> followed by <paramref name="appended"/>.</summary>
    private static byte[] Tail(byte[] before, ReadOnlySpan<byte> appended)
    {
        var fromBefore = Math.Min(before.Length, Math.Max(0, TailLength - appended.Length));
        var fromAppended = Math.Min(appended.Length, TailLength);
        var tail = new byte[fromBefore + fromAppended];
        before.AsSpan(before.Length - fromBefore).CopyTo(tail);
        appended.Slice(appended.Length - fromAppended).CopyTo(tail.AsSpan(fromBefore));
        return tail;
    }

    private static ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
#if NETSTANDARD2_0
        new(stream.ReadAsync(buffer, offset, count, cancellationToken));
#else
        stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
#endif

    private static ValueTask WriteAsync(Stream stream, byte[] buffer, int count) =>
#if NETSTANDARD2_0
        new(stream.WriteAsync(buffer, 0, count));
#else
        stream.WriteAsync(buffer.AsMemory(0, count));
#endif

    private Task<bool> UpdateAsync(Func<LedgerState, JobLedgerLine?> line, CancellationToken cancellationToken) =>
        DecideAsync<bool>(state => (line(state), static () => true), cancellationToken);

    /// <summary>Catches up with the file, decides on a record from what it holds, appends and applies it, all under the lock
    /// (one atomic step for every process on the machine), then computes the result from the updated state.</summary>
    private Task<T> DecideAsync<T>(Func<LedgerState, (JobLedgerLine? Line, Func<T> Result)> decide, CancellationToken cancellationToken) =>
        UnderLockAsync(
            async ct =>
            {
                var stream = TryOpen(FileAccess.ReadWrite);
                LedgerState state;
                Func<T> result;
                try
                {
                    state = stream is null ? Forget() : await CatchUpAsync(stream, ct).ConfigureAwait(false);
                    (var record, result) = decide(state);
                    if (record is null)
                    {
                        return result();
                    }

                    if (stream is not { CanWrite: true })
                    {
                        stream?.Dispose();
                        stream = Open(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
                    }

                    await AppendAsync(stream, record).ConfigureAwait(false);
                    state.Apply(record);
                }
                finally
                {
                    stream?.Dispose();
                }

                // Past the entries' count as well: each compaction rewrites every entry, and so costs the same per record
                // however many entries the file holds.
                if (state.Records - state.Count > Math.Max(CompactionThreshold, state.Count))
                {
                    await CompactAsync(state).ConfigureAwait(false);
                }

                return result();
            },
            cancellationToken);

    /// <summary>Runs <paramref name="body"/> holding the lock; whatever it throws leaves the cache to be read again from the
    /// start, as what it had folded (or written) is then unknown.</summary>
    private async Task<T> UnderLockAsync<T>(Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        using (await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                return await body(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _state = null;
                throw;
            }
        }
    }

    /// <summary>The state of the file as it stands: the cached state, caught up with what was appended since.</summary>
    private async Task<LedgerState> ReadAsync(CancellationToken cancellationToken)
    {
        using var stream = TryOpen(FileAccess.Read);
        return stream is null ? Forget() : await CatchUpAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the cache: nothing read, nothing known.</summary>
    private LedgerState Forget()
    {
        _state = new LedgerState();
        _readTo = 0;
        _header = [];
        _tail = [];
        return _state;
    }

    /// <summary>Folds into the cached state the complete lines appended since it was last read, or reads the file from the
    /// start when it is not the file the cache was read from (compacted, or deleted and created again, by any process).</summary>
    private async Task<LedgerState> CatchUpAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        if (_state is null || length < _readTo
            || !await HoldsAsync(stream, 0, _header, cancellationToken).ConfigureAwait(false)
            || !await HoldsAsync(stream, _readTo - _tail.Length, _tail, cancellationToken).ConfigureAwait(false))
        {
            Forget();
        }

        var state = _state!;
        if (length > _readTo)
        {
            await FoldAsync(stream, state, length, cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    /// <summary>Whether the file holds <paramref name="expected"/> at <paramref name="position"/> (a header carries its
    /// generation; the bytes just before the read offset tell a file replaced by an earlier version, whose headers have none).</summary>
    private async Task<bool> HoldsAsync(FileStream stream, long position, byte[] expected, CancellationToken cancellationToken)
    {
        if (expected.Length == 0)
        {
            return true;
        }

        var buffer = new byte[expected.Length];
        stream.Position = position;
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await ReadAsync(stream, buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        BytesRead += filled;
        return filled == buffer.Length && buffer.AsSpan().SequenceEqual(expected);
    }

    /// <summary>Reads the file from the read offset to <paramref name="length"/> and folds every complete line; a last line
    /// without its line end is folded only when it reads as a record (one torn by a crash does not, and is read again
    /// until a writer ends it), and the offset moves past it only then.</summary>
    private async Task FoldAsync(FileStream stream, LedgerState state, long length, CancellationToken cancellationToken)
    {
        var position = _readTo;   // the file offset of buffer[0]
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ReadChunk, length - position));
        var filled = 0;
        try
        {
            stream.Position = position;
            while (position + filled < length)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);   // a line longer than the buffer
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await ReadAsync(stream, buffer, filled, (int)Math.Min(buffer.Length - filled, length - position - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                BytesRead += read;
                filled += read;
                var consumed = 0;
                int end;
                while ((end = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    if (position + consumed == 0)
                    {
                        _header = buffer.AsSpan(0, end + 1).ToArray();
                    }

                    Fold(state, buffer.AsSpan(consumed, end));
                    consumed += end + 1;
                }

                if (consumed > 0)
                {
                    _tail = Tail(_tail, buffer.AsSpan(0, consumed));
                    position += consumed;
                    _readTo = position;
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }

            if (filled > 0 && position + filled == length && Fold(state, buffer.AsSpan(0, filled)))
            {
                if (position == 0)
                {
                    _header = buffer.AsSpan(0, filled).ToArray();
                }

                _tail = Tail(_tail, buffer.AsSpan(0, filled));
                _readTo = position + filled;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Folds one line (without its line end) into <paramref name="state"/>; returns whether it read as a header or a record.</summary>
    private bool Fold(LedgerState state, ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return false;
        }

        JobLedgerLine? parsed = null;
        try
        {
            parsed = JsonSerializer.Deserialize(line, ScraperJsonContext.Default.JobLedgerLine);
        }
        catch (JsonException)
        {
            // A torn or corrupt line: skipped, as the records around it are still good.
        }

        if (parsed?.Format is not null && parsed.Version > JobLedgerLine.CurrentVersion)
        {
            throw new InvalidDataException($"{Path} was written by a newer version of the SDK (format version {parsed.Version}).");
        }

        if (parsed?.Op is not null)
        {
            state.Apply(parsed);
        }

        return parsed is not null;
    }

    /// <summary>Appends <paramref name="record"/> on a line of its own (after the header, when the file is new) and flushes
    /// it to disk; the cache then counts the file as read to its end.</summary>
    private async Task AppendAsync(FileStream stream, JobLedgerLine record)
    {
        var length = stream.Length;
        var header = length == 0 ? NewHeader() : null;

        // After a torn last line (or a record without its line end), start on a line of our own.
        var newLine = length > 0 && (_readTo < length || _tail.Length == 0 || _tail[_tail.Length - 1] != (byte)'\n');
        var bytes = Serialize(record);
        var buffer = new byte[(header is null ? 0 : header.Length + 1) + (newLine ? 1 : 0) + bytes.Length + 1];
        var at = 0;
        if (header is not null)
        {
            header.CopyTo(buffer, 0);
            at = header.Length;
            buffer[at++] = (byte)'\n';
        }

        if (newLine)
        {
            buffer[at++] = (byte)'\n';
        }

        bytes.CopyTo(buffer, at);
        buffer[buffer.Length - 1] = (byte)'\n';

        // Not cancellable once begun: a record half written would only be a torn line.
        stream.Position = length;
        await WriteAsync(stream, buffer, buffer.Length).ConfigureAwait(false);
        await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);   // fsync has no asynchronous form

        if (header is not null)
        {
            _header = buffer.AsSpan(0, header.Length + 1).ToArray();
        }

        _tail = Tail(_tail, buffer);
        _readTo = length + buffer.Length;
    }

    /// <summary>Writes the entries <paramref name="state"/> still needs to a new file under a new generation, puts it in
    /// place of the ledger file, and makes the state it describes the cache (as reading it back would).</summary>
    private async Task CompactAsync(LedgerState state)
    {
        var temp = Path + ".compact";
        var keepFinishedSince = _time.GetUtcNow() - FinishedRetention;
        var compacted = new LedgerState();
        var header = NewHeader();
        var last = header;
        long length = 0;
        using (var stream = Open(temp, FileMode.Create, FileAccess.Write, FileShare.None, ReadChunk))
        {
            async Task WriteLineAsync(byte[] line)
            {
                await WriteAsync(stream, line, line.Length).ConfigureAwait(false);
                await WriteAsync(stream, NewLine, 1).ConfigureAwait(false);
                length += line.Length + 1;
                last = line;
            }

            await WriteLineAsync(header).ConfigureAwait(false);
            foreach (var line in state.EntryLines(keepFinishedSince))
            {
                await WriteLineAsync(Serialize(line)).ConfigureAwait(false);
                compacted.Apply(line);
            }

            await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

#if NETCOREAPP3_0_OR_GREATER
        File.Move(temp, Path, overwrite: true);
#else
        File.Replace(temp, Path, null);
#endif
        _state = compacted;
        _readTo = length;
        _header = [.. header, (byte)'\n'];
        _tail = Tail(last, NewLine);
    }

    /// <summary>Takes the lock: first this process's gate for the file (callers in the process wait their turn without
    /// polling), then the lock file, retrying only while another process holds it.</summary>
    private async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var gate = await Gates.AcquireAsync(Path, cancellationToken).ConfigureAwait(false);
        try
        {
            return new FileLock(await OpenLockFileAsync(cancellationToken).ConfigureAwait(false), gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary>Takes the lock file, retrying while another process holds it.</summary>
    private async Task<FileStream> OpenLockFileAsync(CancellationToken cancellationToken)
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
                return Open(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, options: FileOptions.None);
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

    /// <summary>The lock held: the lock file open, and the process's gate for the file taken.</summary>
    private sealed class FileLock(FileStream lockFile, IDisposable gate) : IDisposable
    {
        public void Dispose()
        {
            lockFile.Dispose();
            gate.Dispose();
        }
    }

    /// <summary>The entries a file describes, folded from its records in order.</summary>
    private sealed class LedgerState
    {
        private readonly Dictionary<string, (JobLedgerEntry Entry, long Order, DateTimeOffset? FinishedAt)> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _byJob = new(StringComparer.Ordinal);

        // The entries not finished, so that leases and the list in flight cost what is in flight, not what the file holds.
        private readonly HashSet<string> _unfinished = new(StringComparer.Ordinal);
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
            [.. _unfinished.Select(id => _entries[id]).OrderBy(e => e.Order).Select(e => e.Entry)];

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
                    _unfinished.Remove(line.EntryId);
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

        private IEnumerable<(JobLedgerEntry Entry, long Order, DateTimeOffset? FinishedAt)> Held(string owner, string? entryId)
        {
            IEnumerable<string> ids = _unfinished;
            if (entryId is not null)
            {
                ids = _unfinished.Contains(entryId) ? [entryId] : [];
            }

            return ids.Select(id => _entries[id]).Where(e => e.Entry.Owner == owner);
        }

        private (JobLedgerEntry Entry, long Order)? Unfinished(string? entryId) =>
            entryId is not null && _entries.TryGetValue(entryId, out var e) && e.Entry.State != JobLedgerState.Finished ? (e.Entry, e.Order) : null;

        private void Set(JobLedgerEntry entry, long order, DateTimeOffset? finishedAt)
        {
            _entries[entry.EntryId] = (entry, order, finishedAt);
            if (entry.State == JobLedgerState.Finished)
            {
                _unfinished.Remove(entry.EntryId);
            }
            else
            {
                _unfinished.Add(entry.EntryId);
            }

            if (entry.JobId is not null)
            {
                _byJob[entry.JobId] = entry.EntryId;
            }
        }
    }
}
