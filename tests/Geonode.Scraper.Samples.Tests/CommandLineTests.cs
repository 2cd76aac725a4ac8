using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary>What the sample says about its own command line: version, help, and arguments it cannot use.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Version_PrintsThePackageVersion()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["--version"]);

        sample.ExitCode.Should().Be(0);
        sample.StandardOutputLines.Should().Equal([Repository.PackageVersion], "the version is the one Directory.Build.props gives every package");
        sample.StandardError.Should().BeEmpty();
    }

    [Fact]
    public async Task Help_PrintsTheCommandsHelp_ExitsZero()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["crawl", "--help"]);

        sample.ExitCode.Should().Be(0);
        sample.StandardOutput.Should().Contain("--depth").And.Contain("--out");
        sample.StandardError.Should().BeEmpty();
    }

    [Theory]
    [InlineData("crawl")]
    [InlineData("crawl", "https://docs.example.test", "--depth", "0")]
    [InlineData("crawl", "https://docs.example.test", "--depth", "11")]
    [InlineData("crawl", "https://docs.example.test", "--depth", "two")]
    [InlineData("crawl", "https://docs.example.test", "--limit", "0")]
    [InlineData("crawl", "docs.example.test")]
    [InlineData("crawl", "https://docs.example.test", "--dept", "2")]
    [InlineData("extract", "ftp://docs.example.test/intro")]
    [InlineData("map", "not a url")]
    [InlineData("search", "headless browsers", "--page", "21")]
    [InlineData("batch", "--file", "missing.txt")]
    [InlineData("batch")]
    [InlineData("resume", "extract", "123")]
    [InlineData("--bogus")]
    public async Task BadInput_OneLineWithAHint_ExitsTwoWithoutStartingAnything(params string[] args)
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, args);

        sample.ExitCode.Should().Be(2);
        sample.StandardOutput.Should().BeEmpty();
        var line = sample.StandardErrorLines.Should().ContainSingle("one line, not the whole help").Which;
        line.Should().StartWith("error: ").And.MatchRegex(@"\(try 'geonode-scraper-sample( \w+)? --help'\)$");
        line.Should().NotContain("emulator", "the input is checked before the emulator starts");
        Directory.EnumerateFileSystemEntries(folder.Path).Should().BeEmpty("nothing is written");
    }
}
