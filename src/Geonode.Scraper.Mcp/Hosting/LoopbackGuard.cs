using System.Net;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Mcp.Hosting;

/// <summary>
/// Refuses, with 403, HTTP requests to a server on loopback that a web page could have sent through DNS rebinding or a
/// cross-site request: a <c>Host</c> that is not a loopback name, or an <c>Origin</c> of a web site (MCP's Streamable HTTP
/// transport requires servers to check the Origin). Local MCP clients send neither.
/// </summary>
internal sealed class LoopbackGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers.Origin.ToString();
        var foreignOrigin = origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || ((uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !IsLoopback(uri.Host)));
        if (!IsLoopback(context.Request.Host.Host) || foreignOrigin)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("This MCP server answers local clients only (Host and Origin must be loopback).");
        }

        return next(context);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
