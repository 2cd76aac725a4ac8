using System.Text.RegularExpressions;

namespace Geonode.Scraper.Tests.Docs;

/// <summary>Every C# block in README.md must equal a #region of compiled code in the samples, so the README cannot rot.</summary>
public sealed partial class ReadmeSnippetsTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("src/Geonode.Scraper.Emulator/README.md")]
    public void EveryReadmeSnippet_MatchesCompiledCode(string readmePath)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, readmePath));
        var regions = CompiledRegions(root);

        var snippets = SnippetPattern().Matches(readme);
        snippets.Should().NotBeEmpty();
        foreach (Match snippet in snippets)
        {
            var name = snippet.Groups["name"].Value;
            regions.Should().ContainKey(name, $"README snippet '{name}' needs a #region {name} in samples/");
            snippet.Groups["body"].Value.TrimEnd().Should().Be(regions[name], $"README snippet '{name}' must equal its compiled region");
        }

        CodeBlocks(readme, "csharp").Should().Be(snippets.Count, "every C# block in README.md is a compiled snippet");
    }

    /// <summary>
    /// A package's README (PACKAGE.md, packed as the package's README.md) is read on nuget.org, away from the repository: its
    /// links are absolute, it asks for no command that needs a clone, and its C# blocks are compiled code. nuget.org does not
    /// render HTML comments, so a block is matched against every compiled region instead of a snippet marker.
    /// </summary>
    [Fact]
    public void EveryPackageReadme_StandsAloneOnNuGet()
    {
        var root = RepositoryRoot();
        var regions = CompiledRegions(root).Values.ToHashSet();
        var readmes = Directory.GetFiles(Path.Combine(root, "src"), "PACKAGE.md", SearchOption.AllDirectories);
        readmes.Should().HaveCountGreaterThanOrEqualTo(3, "Geonode.Scraper, the emulator library and the tool each have one");

        foreach (var path in readmes)
        {
            var name = Path.GetRelativePath(root, path);
            var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            text.Should().NotContain("<!--", $"{name}: nuget.org shows HTML comments as text");
            text.Should().NotContain("dotnet run --project", $"{name}: a package page has no repository to run");
            foreach (Match link in LinkPattern().Matches(text))
            {
                link.Groups["target"].Value.Should().StartWith("https://", $"{name}: a link on nuget.org must be absolute");
            }

            var blocks = CodeBlockPattern().Matches(text);
            blocks.Should().NotBeEmpty($"{name} shows how to use the package");
            foreach (Match block in blocks.Where(b => b.Groups["language"].Value == "csharp"))
            {
                regions.Should().Contain(block.Groups["body"].Value.TrimEnd(), $"{name}: every C# block is a compiled #region");
            }
        }
    }

    private static Dictionary<string, string> CompiledRegions(string root) =>
        new[] { "samples", "tests/Geonode.Scraper.IntegrationTests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => RegionPattern().Matches(File.ReadAllText(f)))
            .ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["body"].Value));

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Geonode.Scraper.sln not found above " + AppContext.BaseDirectory);
    }

    private static int CodeBlocks(string markdown, string language) => Regex.Matches(markdown, "^```" + language + "$", RegexOptions.Multiline).Count;

    private static string Dedent(string body)
    {
        var lines = body.Replace("\r\n", "\n").Trim('\n').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd();
    }

    [GeneratedRegex(@"#region (?<name>\S+)\r?\n(?<body>.*?)\r?\n\s*#endregion", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"<!-- snippet: (?<name>\S+) -->\r?\n```csharp\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();

    [GeneratedRegex(@"^```(?<language>\w+)\n(?<body>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlockPattern();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
