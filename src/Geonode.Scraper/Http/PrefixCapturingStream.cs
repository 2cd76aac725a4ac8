using System.Buffers;

namespace Geonode.Scraper.Internal;

/// <summary>A read-only pass-through stream that remembers the first bytes read, for error messages about bad bodies.
/// The buffer is rented (one read per response: a fresh array would be half a kilobyte of garbage for each) and returned
/// on disposal, after which <see cref="Prefix"/> is empty.</summary>
internal sealed class PrefixCapturingStream : Stream
{
    private readonly Stream _inner;
    private readonly int _capacity;
    private byte[]? _prefix;
    private int _captured;

    public PrefixCapturingStream(Stream inner, int capacity)
    {
        _inner = inner;
        _capacity = capacity;
        _prefix = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public ArraySegment<byte> Prefix => _prefix is null ? default : new(_prefix, 0, _captured);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        Capture(buffer.AsSpan(offset, read));
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        Capture(buffer.AsSpan(offset, read));
        return read;
    }

#if NET5_0_OR_GREATER
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Capture(buffer.Span.Slice(0, read));
        return read;
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            if (_prefix is { } prefix)
            {
                _prefix = null;
                ArrayPool<byte>.Shared.Return(prefix);
            }
        }

        base.Dispose(disposing);
    }

    private void Capture(ReadOnlySpan<byte> data)
    {
        var n = Math.Min(data.Length, _capacity - _captured);
        if (n > 0 && _prefix is not null)
        {
            data.Slice(0, n).CopyTo(_prefix.AsSpan(_captured));
            _captured += n;
        }
    }
}
