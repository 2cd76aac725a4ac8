#region usings
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
#endregion

namespace DocsExamples;

/// <summary>The example of docs/mcp.md: a .NET agent that uses the geonode-scraper-mcp server through the MCP C# client.
/// Only compiled here (it needs a chat model); the server it starts is tested in tests/Geonode.Scraper.Mcp.Tests with
/// the same client.</summary>
public static class McpExamples
{
    public static async Task Agent(IChatClient model)
    {
        #region mcp-client
        await using var server = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "geonode-scraper-mcp",
            Arguments = ["--root", "scraped"],   // the key: GEONODE_SCRAPER_API_KEY, inherited from this process
        }));
        IList<McpClientTool> tools = await server.ListToolsAsync();   // each one is an AIFunction
        IChatClient agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        var response = await agent.GetResponseAsync(
            "Save the pages of https://example.com/docs in a folder docs-example, then summarize them.", new ChatOptions { Tools = [.. tools] });
        Console.WriteLine(response.Text);
        #endregion
    }
}
