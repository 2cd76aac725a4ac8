namespace Geonode.Scraper.Tests.Support;

/// <summary>A primary handler built from a lambda, for the cases MockHttp cannot express (observing cancellation).</summary>
public sealed class LambdaHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) : HttpMessageHandler
{
    public int Calls { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        return send(request, cancellationToken);
    }
}
