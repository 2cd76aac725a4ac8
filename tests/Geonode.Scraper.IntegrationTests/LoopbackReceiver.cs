using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>A minimal Kestrel app on 127.0.0.1 (a free port) that receives webhook deliveries at <c>POST /hook</c> and hands
/// each one, with its raw body, to the test.</summary>
internal static class LoopbackReceiver
{
    public static async Task<WebApplication> StartAsync(Action<HttpContext, byte[]> receive)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hook", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receive(context, buffer.ToArray());
        });
        await app.StartAsync();
        return app;
    }

    public static string HookUrl(this WebApplication app) => app.Urls.First() + "/hook";
}
