namespace Geonode.Scraper.Internal;

/// <summary>
/// The primary handler the SDK creates, and the rule for any other: automatic redirects are off, because they are followed
/// inside the primary handler, where no other code sees them, and would carry the <c>X-Api-Key</c> header to whatever host
/// the <c>Location</c> names. The SDK follows same-origin redirects itself.
/// </summary>
internal static class HttpHandlers
{
    public static HttpMessageHandler CreatePrimary(ConnectionSettings options)
    {
#if NET5_0_OR_GREATER
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,

            // New connections pick up DNS changes; the cap keeps thousands of concurrent waits from exhausting sockets.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
#else
        // On .NET Framework, ServicePointManager.DnsRefreshTimeout and the service point's ConnectionLeaseTimeout are the
        // closest equivalents of PooledConnectionLifetime (see the README).
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        };
#endif
    }

    /// <summary>Finds the innermost handler of a chain and turns its automatic redirects off; refuses one that follows
    /// redirects and can no longer be changed.</summary>
    /// <exception cref="ArgumentException">The chain is incomplete, or its innermost handler follows redirects and has
    /// already sent requests.</exception>
    public static void DisableAutoRedirect(HttpMessageHandler handler, string paramName)
    {
        var innermost = handler;
        while (innermost is DelegatingHandler delegating)
        {
            innermost = delegating.InnerHandler
                ?? throw new ArgumentException($"The handler chain ends in a {delegating.GetType().Name} without an InnerHandler.", paramName);
        }

        try
        {
            switch (innermost)
            {
                case HttpClientHandler { AllowAutoRedirect: true } clientHandler:
                    clientHandler.AllowAutoRedirect = false;
                    break;
#if NET5_0_OR_GREATER
                case SocketsHttpHandler { AllowAutoRedirect: true } socketsHandler:
                    socketsHandler.AllowAutoRedirect = false;
                    break;
#else
                default:
                    // This build runs on .NET Core too, where a SocketsHttpHandler (unknown to netstandard2.0) follows
                    // redirects by default: any handler's public AllowAutoRedirect is turned off, found at run time.
                    DisableByReflection(innermost);
                    break;
#endif
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Reflection.TargetInvocationException { InnerException: InvalidOperationException })
        {
            throw new ArgumentException(
                $"The primary handler ({innermost.GetType().Name}) follows redirects and has already sent requests, so the SDK cannot turn that off; "
                + "a redirect would carry the API key to another host. Pass a new handler, or one with AllowAutoRedirect = false.",
                paramName,
                ex);
        }
    }

#if !NET5_0_OR_GREATER
    private static void DisableByReflection(HttpMessageHandler handler)
    {
        var property = handler.GetType().GetProperty("AllowAutoRedirect", typeof(bool));
        if (property is { CanRead: true, CanWrite: true } && property.GetValue(handler) is true)
        {
            property.SetValue(handler, false);
        }
    }
#endif
}
