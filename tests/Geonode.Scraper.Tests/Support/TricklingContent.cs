using System.Net;
using System.Text;

namespace Geonode.Scraper.Tests.Support;

/// <summary>A body that sends one byte per <paramref name="interval"/> of the test clock (headers arrive at once), or that
/// breaks off with an <see cref="IOException"/> after <c>cutAfter</c> bytes.</summary>
public sealed class TricklingContent(TestClock clock, string body, TimeSpan interval, int? cutAfter = null) : HttpContent
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(body);

    private TestClock Clock => clock;

    private TimeSpan Interval => interval;

    private int? CutAfter => cutAfter;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new Slow(this));

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }

    private sealed class Slow(TricklingContent owner) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => owner._bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= owner._bytes.Length || buffer.Length == 0)
            {
                return 0;
            }

            if (owner.CutAfter is { } cut && _position >= cut)
            {
                throw new IOException("The response ended prematurely.");
            }

            if (owner.Interval > TimeSpan.Zero)
            {
                await Task.Delay(owner.Interval, owner.Clock, cancellationToken);
            }

            buffer.Span[0] = owner._bytes[_position++];
            return 1;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
