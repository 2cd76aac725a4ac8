using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Internal;

/// <summary>A 100 MB answer never becomes 100 MB in memory when it is not what the SDK reads: a body that is not JSON
/// ends at its first bytes with a clear error, an error body is read up to 64 KB. (Valid JSON is read from the stream as
/// it arrives; its memory is measured by the benchmarks, not by timed tests.)</summary>
public sealed class LargeBodyTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [Fact]
    public async Task Get_HundredMegabyteHtmlBody_ThrowsScraperResponseExceptionAfterReadingOnlyItsStart()
    {
        var content = new GeneratedContent("<!DOCTYPE html><html><body>", (byte)'x', HundredMegabytes, "text/html");
        using var t = new TestClient(o => o.Retry.MaxRetries = 0, new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content })));

        var ex = (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.BodyPrefix.Should().StartWith("<!DOCTYPE html>");
        ex.BodyPrefix!.Length.Should().BeLessThanOrEqualTo(512);
        content.BytesRead.Should().BeLessThan(1024 * 1024, "the reader stops at the first byte that cannot start the expected JSON");
    }

    [Fact]
    public async Task Get_HundredMegabyteErrorBody_ThrowsTheTypedErrorAfterReadingAtMost64KB()
    {
        var content = new GeneratedContent("""{"code":"BOOM","message":"and then""", (byte)' ', HundredMegabytes, "application/json");
        using var t = new TestClient(o => o.Retry.MaxRetries = 0, new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = content })));

        var ex = (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        ex.ResponseBody.Should().HaveLength(4096, "the body is kept cut to 4 KB");
        content.BytesRead.Should().BeLessThanOrEqualTo(128 * 1024);
    }

    /// <summary>A body of <c>length</c> bytes: a prefix, then filler, produced as it is read and counted.</summary>
    private sealed class GeneratedContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly byte _filler;
        private readonly long _length;
        private long _read;

        public GeneratedContent(string prefix, byte filler, long length, string mediaType)
        {
            _prefix = Encoding.UTF8.GetBytes(prefix);
            _filler = filler;
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        public long BytesRead => Interlocked.Read(ref _read);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new Generated(this));

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        private sealed class Generated(GeneratedContent owner) : Stream
        {
            private long _position;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => owner._length;

            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Fill(buffer.AsSpan(offset, count));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Task.FromResult(Fill(buffer.AsSpan(offset, count)));

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Fill(buffer.Span));

            private int Fill(Span<byte> span)
            {
                var n = (int)Math.Min(span.Length, owner._length - _position);
                for (var i = 0; i < n; i++, _position++)
                {
                    span[i] = _position < owner._prefix.Length ? owner._prefix[_position] : owner._filler;
                }

                Interlocked.Add(ref owner._read, n);
                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
