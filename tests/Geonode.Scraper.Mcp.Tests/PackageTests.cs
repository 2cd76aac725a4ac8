using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Geonode.Scraper.Mcp.Tests.Support;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>The package as nuget.org and the MCP registry read it.</summary>
public sealed class PackageTests
{
    [Fact]
    public async Task Package_IsAToolAndAnMcpServer_WithAServerJsonForTheRegistry()
    {
        var tool = await InstalledTool.GetAsync();
        var version = InstalledTool.PackageVersion;
        using var package = ZipFile.OpenRead(Path.Combine(tool.PackageFolder, $"Geonode.Scraper.Mcp.{version}.nupkg"));

        using (var nuspec = package.GetEntry("Geonode.Scraper.Mcp.nuspec")!.Open())
        {
            var types = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")!.Value);
            types.Should().BeEquivalentTo(["DotnetTool", "McpServer"]);
        }

        using var stream = package.GetEntry(".mcp/server.json")!.Open();
        using var json = await JsonDocument.ParseAsync(stream);
        var server = json.RootElement;
        server.GetProperty("$schema").GetString().Should().MatchRegex(@"^https://static\.modelcontextprotocol\.io/schemas/\d{4}-\d{2}-\d{2}/server\.schema\.json$");
        server.GetProperty("name").GetString().Should().MatchRegex(@"^io\.github\.[a-z0-9-]+/[a-z0-9-]+$");
        server.GetProperty("version").GetString().Should().Be(version, "the packed server.json carries the package's version");
        var entry = server.GetProperty("packages").EnumerateArray().Should().ContainSingle().Subject;
        entry.GetProperty("registryType").GetString().Should().Be("nuget");
        entry.GetProperty("identifier").GetString().Should().Be("Geonode.Scraper.Mcp");
        entry.GetProperty("version").GetString().Should().Be(version);
        entry.GetProperty("transport").GetProperty("type").GetString().Should().Be("stdio");
        entry.GetProperty("environmentVariables").EnumerateArray().Should().ContainSingle(e => e.GetProperty("name").GetString() == "GEONODE_SCRAPER_API_KEY")
            .Which.GetProperty("isSecret").GetBoolean().Should().BeTrue();

        // Every argument it declares is one the tool accepts.
        var help = await ToolRun.RunAsync(["--help"], new Dictionary<string, string?>());
        foreach (var argument in entry.GetProperty("packageArguments").EnumerateArray())
        {
            argument.GetProperty("type").GetString().Should().Be("named");
            var name = argument.GetProperty("name").GetString()!;
            help.Output.Should().Contain(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal), name);
        }
    }
}
