using System.Net;
using Geonode.Scraper.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Geonode.Scraper.Mcp.Tests.Support.TestEmulator;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>The Streamable HTTP transport (<c>--http</c>), as an HTTP MCP client uses it.</summary>
public sealed class HttpTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Http_ServesTheToolsOnLoopback_RefusesForeignHostsAndOrigins_StopsOnSigterm()
    {
        await using var emulator = await StartAsync();
        using var root = new TempFolder();
        using var server = await ToolRun.StartAsync(["--http", "--port", "0", "--root", root.Path, "--tool-timeout", "5s"], Environment(emulator));
        var first = await server.ReadLineAsync(Bound);
        first.Should().MatchRegex(@"^listening on http://127\.0\.0\.1:\d+/mcp$", "it binds to loopback unless --host says otherwise");
        var endpoint = new Uri(first["listening on ".Length..]);

        await using (var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp })))
        {
            (await client.ListToolsAsync()).Should().HaveCount(11);
            var result = await client.CallToolAsync("scrape_url", new Dictionary<string, object?> { ["url"] = "https://docs.example.test/intro" });
            result.Content.OfType<TextContentBlock>().Single().Text.Should().StartWith("Content of https://docs.example.test/intro as Markdown");
        }

        using var http = new HttpClient();
        async Task<HttpStatusCode> PostAsync(Action<HttpRequestMessage> configure)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            configure(request);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        (await PostAsync(r => r.Headers.Host = $"rebound.example:{endpoint.Port}")).Should().Be(HttpStatusCode.Forbidden, "a DNS-rebinding page's Host is not loopback");
        (await PostAsync(r => r.Headers.Add("Origin", "https://evil.example"))).Should().Be(HttpStatusCode.Forbidden, "a web page's request is refused");
        (await PostAsync(r => r.Headers.Add("Origin", "null"))).Should().Be(HttpStatusCode.Forbidden);
        (await PostAsync(r => r.Headers.Add("Origin", $"http://localhost:{endpoint.Port}"))).Should().NotBe(HttpStatusCode.Forbidden);

        (await server.TerminateAsync(Bound)).Should().BeTrue("SIGTERM stops the server");
        server.ExitCode.Should().Be(0, "a signal is a clean stop");
        server.Error.Should().NotContain(l => l.Contains(Key, StringComparison.Ordinal));
    }
}
