using Geonode.Scraper.Mcp.Tests.Support;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>The installed command's own arguments: help, version, and one line on stderr with exit code 2 for anything
/// it cannot start with.</summary>
public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string?> NoKey = new() { ["GEONODE_SCRAPER_API_KEY"] = null, ["SCRAPER_API_BASE_URL"] = null };

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsUsage_ExitsZero(string flag)
    {
        var run = await ToolRun.RunAsync([flag], NoKey);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain(l => l.StartsWith("Usage: geonode-scraper-mcp", StringComparison.Ordinal));
        foreach (var option in new[] { "--root", "--tool-timeout", "--emulator", "--http", "--port", "--host", "--max-crawl-pages", "--max-batch-urls", "--log-level", "GEONODE_SCRAPER_API_KEY" })
        {
            run.Output.Should().Contain(l => l.Contains(option, StringComparison.Ordinal), option);
        }

        run.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Version_PrintsThePackageVersion_ExitsZero()
    {
        var run = await ToolRun.RunAsync(["--version"], NoKey);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Equal([InstalledTool.PackageVersion], "the version is the one Directory.Build.props gives every package");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("stray")]
    [InlineData("--root")]
    [InlineData("--root", "a", "--root", "b")]
    [InlineData("--tool-timeout", "0s")]
    [InlineData("--tool-timeout", "2h")]
    [InlineData("--tool-timeout", "soon")]
    [InlineData("--port", "3001")]
    [InlineData("--host", "127.0.0.1")]
    [InlineData("--http", "--port", "70000")]
    [InlineData("--http", "--host", "example.com")]
    [InlineData("--max-crawl-pages", "0")]
    [InlineData("--log-level", "loud")]
    [InlineData("--emulator=yes")]
    public async Task BadArgument_OneLineOnStandardErrorWithAHint_ExitsTwo(params string[] args)
    {
        var run = await ToolRun.RunAsync(["--emulator", .. args], NoKey);

        run.ExitCode.Should().Be(2);
        run.Output.Should().BeEmpty("stdout is the protocol's: nothing else goes there");
        run.Error.Should().ContainSingle().Which.Should().StartWith("geonode-scraper-mcp: ").And.EndWith("(try --help)");
    }

    [Fact]
    public async Task NoApiKey_RefusesToStart_SayingWhatToSet()
    {
        var run = await ToolRun.RunAsync(["--root", Path.GetTempPath()], NoKey);

        run.ExitCode.Should().Be(2);
        run.Output.Should().BeEmpty();
        run.Error.Should().Equal(["geonode-scraper-mcp: GEONODE_SCRAPER_API_KEY is not set: set it to your Geonode Scraper API key, or pass --emulator to try the tools on the built-in emulator"]);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("http://api.example.com/")]
    public async Task BadApiAddress_RefusesToStart_WithOneLine(string address)
    {
        using var root = new TempFolder();
        var run = await ToolRun.RunAsync(["--root", root.Path], new Dictionary<string, string?> { ["GEONODE_SCRAPER_API_KEY"] = TestEmulator.Key, ["SCRAPER_API_BASE_URL"] = address });

        run.ExitCode.Should().Be(2);
        run.Error.Should().ContainSingle().Which.Should().StartWith("geonode-scraper-mcp: ").And.NotContain(TestEmulator.Key);
    }
}
