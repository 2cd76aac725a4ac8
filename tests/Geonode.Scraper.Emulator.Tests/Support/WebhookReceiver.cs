using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>A webhook endpoint on loopback that keeps every delivery: raw body bytes and headers.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Delivery> _received = Channel.CreateUnbounded<Delivery>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Writer.TryWrite(new Delivery(buffer.ToArray(), headers));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Urls.First() + "/hook";
        return receiver;
    }

    public async Task<Delivery> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether a delivery arrives within <paramref name="wait"/> of real time (for "nothing is sent" checks).</summary>
    public async Task<bool> AnyWithinAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Delivery(byte[] Body, IReadOnlyDictionary<string, string> Headers);
}
