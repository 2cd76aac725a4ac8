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
        var regions = new[] { "samples", "tests/Geonode.Scraper.IntegrationTests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => RegionPattern().Matches(File.ReadAllText(f)))
            .ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["body"].Value));

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
}
