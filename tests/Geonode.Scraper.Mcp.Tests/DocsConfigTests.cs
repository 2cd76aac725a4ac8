using System.Text.Json;
using System.Text.RegularExpressions;
using Geonode.Scraper.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Geonode.Scraper.Mcp.Tests.Support.TestEmulator;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>
/// The client configurations the documentation shows (each JSON block after a <c>&lt;!-- mcp-config: NAME --&gt;</c> marker
/// in docs/mcp.md, and the block of the package's README) parse as their client reads them, and start the server: the
/// command is the tool (or <c>dnx</c> with the package), every argument is one it accepts, the key arrives through the
/// environment. The user-specific parts are replaced: the folder after <c>--root</c>, the key, and the API's address
/// (the test's emulator).
/// </summary>
public sealed partial class DocsConfigTests
{
    public static TheoryData<string> Configs() => new("vscode", "vscode-dnx", "visualstudio", "claude-desktop", "package-readme");

    [Fact]
    public void McpPage_HasTheBlocksOfEveryClient()
    {
        MarkedBlocks(File.ReadAllText(Path.Combine(InstalledTool.RepositoryRoot, "docs", "mcp.md"))).Keys
            .Should().BeEquivalentTo(["vscode", "vscode-dnx", "visualstudio", "claude-desktop"]);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task ConfigBlock_ParsesAsItsClientReadsIt_AndStartsTheServer(string name)
    {
        var json = name == "package-readme"
            ? JsonBlocks().Match(File.ReadAllText(Path.Combine(InstalledTool.RepositoryRoot, "src", "Geonode.Scraper.Mcp", "PACKAGE.md"))).Groups[1].Value
            : MarkedBlocks(File.ReadAllText(Path.Combine(InstalledTool.RepositoryRoot, "docs", "mcp.md")))[name];
        using var document = JsonDocument.Parse(json);
        var config = document.RootElement;

        // VS Code and Visual Studio: "servers" with a type, the key from a password input. Claude Desktop: "mcpServers".
        var claude = name == "claude-desktop";
        var server = config.GetProperty(claude ? "mcpServers" : "servers").EnumerateObject().Should().ContainSingle().Subject.Value;
        if (!claude)
        {
            server.GetProperty("type").GetString().Should().Be("stdio");
        }

        var command = server.GetProperty("command").GetString()!;
        var args = server.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var key = server.GetProperty("env").GetProperty("GEONODE_SCRAPER_API_KEY").GetString()!;
        server.GetProperty("env").EnumerateObject().Should().ContainSingle("the key is the only setting the environment carries");
        if (claude)
        {
            key.Should().NotStartWith("${", "Claude Desktop has no input variables");
        }
        else
        {
            var input = InputVariable().Match(key);
            input.Success.Should().BeTrue("the key comes from an input, not from the file: {0}", key);
            config.GetProperty("inputs").EnumerateArray().Should().ContainSingle(i => i.GetProperty("id").GetString() == input.Groups[1].Value)
                .Which.GetProperty("password").GetBoolean().Should().BeTrue("the key is typed into a password prompt");
        }

        var rootIndex = args.IndexOf("--root");
        rootIndex.Should().BeGreaterThanOrEqualTo(0, "the configuration says where exports go");
        await using var emulator = await StartAsync();
        using var root = new TempFolder();
        args[rootIndex + 1] = root.Path;
        var environment = new Dictionary<string, string?>(Environment(emulator));
        string? workingDirectory = null;
        if (command == "dnx")
        {
            // dnx fetches the package; here from the folder the test packed it into, into a packages folder of its own.
            args.Take(3).Should().Equal(["Geonode.Scraper.Mcp", "--yes", "--"], "the arguments after -- are the server's");
            var tool = await InstalledTool.GetAsync();
            workingDirectory = root.Combine("client");
            Directory.CreateDirectory(workingDirectory);
            File.WriteAllText(Path.Combine(workingDirectory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="local" value="{tool.PackageFolder}" /></packageSources></configuration>
                """);
            environment["NUGET_PACKAGES"] = root.Combine("packages");
            command = Path.Combine(Path.GetDirectoryName(DotnetHost())!, "dnx");
        }
        else
        {
            Path.GetFileName(command).Should().Be("geonode-scraper-mcp", "the command is the installed tool");
            command = (await InstalledTool.GetAsync()).Command;
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command,
            Arguments = args,
            EnvironmentVariables = environment,
            WorkingDirectory = workingDirectory,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        (await client.ListToolsAsync(cancellationToken: timeout.Token)).Should().HaveCount(11);
        var answer = await client.CallToolAsync("scrape_url", new Dictionary<string, object?> { ["url"] = "https://docs.example.test/intro" }, cancellationToken: timeout.Token);
        answer.Content.OfType<TextContentBlock>().Single().Text.Should().StartWith("Content of https://docs.example.test/intro as Markdown");
    }

    private static Dictionary<string, string> MarkedBlocks(string markdown) =>
        MarkedBlock().Matches(markdown).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static string DotnetHost()
    {
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host))
        {
            host = System.Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator).Select(p => Path.Combine(p, "dotnet")).First(File.Exists);
        }

        return new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
    }

    [GeneratedRegex(@"<!-- mcp-config: ([a-z-]+) -->\s*```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex(@"^\$\{input:([a-z0-9-]+)\}$")]
    private static partial Regex InputVariable();
}
