using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geonode.Scraper.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>
/// What an MCP client sees of the tools (name, title, description, input schema, annotations) is checked in under Golden/,
/// so that any change shows as a diff in review. After an intended change, run the tests once with GEONODE_UPDATE_GOLDEN=1
/// and review the diff.
/// </summary>
public sealed class ToolListTests(ToolListTests.ListedTools listed) : IClassFixture<ToolListTests.ListedTools>
{
    private static readonly string[] Names =
    [
        "scrape_url", "search_web", "map_site", "crawl_site", "scrape_urls", "get_scrape_job",
        "export_crawl", "export_batch", "retry_failed", "cancel_job", "get_receipt",
    ];

    public static TheoryData<string> ToolNames() => new(Names);

    [Fact]
    public void ListTools_TheAgentToolsThenTheJobTools_InThisOrder()
    {
        listed.Tools.Select(t => t.Name).Should().Equal(Names);
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public async Task ListTools_ToolAsAClientSeesIt_EqualsItsGoldenFile(string name)
    {
        var tool = listed.Tools.Single(t => t.Name == name);
        var actual = new JsonObject
        {
            ["name"] = tool.Name,
            ["title"] = tool.Title,
            ["description"] = tool.Description,
            ["inputSchema"] = JsonNode.Parse(tool.InputSchema.GetRawText()),
            ["annotations"] = JsonNode.Parse(JsonSerializer.Serialize(tool.Annotations, ModelContextProtocol.McpJsonUtilities.DefaultOptions)),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        var path = Path.Combine(InstalledTool.RepositoryRoot, "tests", "Geonode.Scraper.Mcp.Tests", "Golden", name + ".json");
        if (Environment.GetEnvironmentVariable("GEONODE_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
        }

        File.Exists(path).Should().BeTrue($"{path} is the golden file; create it with GEONODE_UPDATE_GOLDEN=1");
        actual.Should().Be((await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"), "a change of what clients see must show in Golden/{0}.json", name);
    }

    [Fact]
    public void ListTools_Annotations_MatchWhatEachToolDoes()
    {
        ToolAnnotations Hints(string name) => listed.Tools.Single(t => t.Name == name).Annotations!;

        // Tools that start billed work on the web: never read-only (clients that run read-only tools unasked must ask).
        foreach (var billed in new[] { "scrape_url", "search_web", "map_site", "crawl_site", "scrape_urls", "retry_failed" })
        {
            Hints(billed).Should().BeEquivalentTo(new { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = true }, billed);
        }

        Hints("get_scrape_job").Should().BeEquivalentTo(new { ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false });
        foreach (var export in new[] { "export_crawl", "export_batch" })
        {
            Hints(export).Should().BeEquivalentTo(new { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false }, export);
        }

        Hints("cancel_job").Should().BeEquivalentTo(new { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = true, OpenWorldHint = false });
        listed.Tools.Should().OnlyContain(t => t.Annotations != null && !string.IsNullOrEmpty(t.Title));
    }

    [Fact]
    public void ListTools_EveryToolThatSpendsCredits_SaysSoInItsDescription_AndNoOtherDoes()
    {
        foreach (var tool in listed.Tools)
        {
            var spends = tool.Annotations!.ReadOnlyHint == false && tool.Annotations.OpenWorldHint == true;
            tool.Description.Should().Match(spends ? "*Billed*" : "*", tool.Name);
            if (!spends)
            {
                tool.Description.Should().NotContain("Billed", tool.Name);
            }
        }
    }

    [Fact]
    public void ListTools_EverySchema_IsAnObjectWhoseRequiredArgumentsExist()
    {
        foreach (var tool in listed.Tools)
        {
            var schema = tool.InputSchema;
            schema.GetProperty("type").GetString().Should().Be("object");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().BeSubsetOf(properties, tool.Name);
            schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse(tool.Name);
        }
    }

    /// <summary>One server (default settings, the in-process emulator) whose tool list the tests read.</summary>
    public sealed class ListedTools : IAsyncLifetime
    {
        private readonly TempFolder _root = new();
        private ServerSession? _server;

        public IReadOnlyList<Tool> Tools { get; private set; } = [];

        public async Task InitializeAsync()
        {
            _server = await ServerSession.StartAsync(["--emulator", "--root", _root.Path], new Dictionary<string, string?>());
            Tools = [.. (await _server.Client.ListToolsAsync()).Select(t => t.ProtocolTool)];
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _root.Dispose();
        }
    }
}
