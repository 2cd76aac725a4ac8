using System.Net;

namespace Geonode.Scraper.Benchmarks;

/// <summary>Answers every request with the same JSON, as a server would: from bytes in memory, or streamed from a file
/// (so that a large payload is not in the process's memory before the reader takes it).</summary>
internal sealed class StaticHandler : HttpMessageHandler
{
    private readonly byte[]? _payload;
    private readonly string? _path;

    public StaticHandler(byte[] payload) => _payload = payload;

    public StaticHandler(string path) => _path = path;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpContent content = _payload is not null
            ? new ByteArrayContent(_payload)
            : new StreamContent(new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan));
        content.Headers.ContentType = new("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
