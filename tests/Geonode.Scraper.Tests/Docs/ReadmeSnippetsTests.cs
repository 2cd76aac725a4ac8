using System.Text.RegularExpressions;

namespace Geonode.Scraper.Tests.Docs;

/// <summary>Every C# block in README.md, docs/*.md and the package READMEs must equal a #region of compiled code in the samples
/// (with the using directives it needs), and every relative link must lead somewhere, so the docs cannot rot.</summary>
public sealed partial class ReadmeSnippetsTests
{
    /// <summary>The pages whose C# blocks a reader copies into a project: each block shows its <c>using</c> directives.</summary>
    public static TheoryData<string> ReaderPages()
    {
        var root = RepositoryRoot();
        var pages = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(root, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(ReaderPages))]
    [InlineData("src/Geonode.Scraper.Emulator/README.md")]
    public void EveryReadmeSnippet_MatchesCompiledCode(string readmePath)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, readmePath));
        var regions = CompiledRegions(root);
        var usingsShown = readmePath == "README.md" || readmePath.StartsWith("docs/", StringComparison.Ordinal);

        var snippets = SnippetPattern().Matches(readme);
        if (!WithoutExamples.Contains(readmePath))
        {
            snippets.Should().NotBeEmpty($"{readmePath} shows compiled examples");
        }

        foreach (Match snippet in snippets)
        {
            var name = snippet.Groups["name"].Value;
            regions.Should().ContainKey(name, $"{readmePath} snippet '{name}' needs a #region {name} in samples/");
            var region = regions[name];
            snippet.Groups["body"].Value.TrimEnd().Should().Be(region.Shown, $"{readmePath} snippet '{name}' must equal its compiled region");
            if (usingsShown)
            {
                ShowsEveryUsing(root, region);
            }
        }

        CodeBlocks(readme, "csharp").Should().Be(snippets.Count, $"every C# block in {readmePath} is a compiled snippet");
    }

    /// <summary>Relative links of README.md and docs/*.md lead to a file of the repository and, for a Markdown file, to one
    /// of its headings.</summary>
    [Theory]
    [MemberData(nameof(ReaderPages))]
    public void EveryRelativeLink_PointsToAnExistingFileAndHeading(string page)
    {
        var root = RepositoryRoot();
        var text = WithoutCodeBlocks(File.ReadAllText(Path.Combine(root, page)));
        var directory = Path.GetDirectoryName(Path.Combine(root, page))!;
        var checkedLinks = 0;
        foreach (Match link in LinkPattern().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var path = file.Length == 0 ? Path.Combine(root, page) : Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(file)));
            (File.Exists(path) || Directory.Exists(path)).Should().BeTrue($"{page} links to {target}, which does not exist");
            if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal))
            {
                Anchors(File.ReadAllText(path)).Should().Contain(anchor, $"{page} links to {target}, a heading that does not exist");
            }

            checkedLinks++;
        }

        if (page == "README.md")
        {
            checkedLinks.Should().BeGreaterThan(5, "README.md links to its pages");
        }
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
        var regions = CompiledRegions(root).Values.Select(r => r.Shown).ToHashSet();
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

    /// <summary>Pages of figures, tables and pictures rather than code: they may have no compiled example.</summary>
    private static readonly HashSet<string> WithoutExamples = ["docs/performance.md", "docs/reliability.md", "docs/architecture.md"];

    /// <summary>
    /// Every named region of samples/ and the integration tests. A file may have a region named <c>usings</c> around its using
    /// directives: each of its snippets is then shown with them, a blank line, and its own region.
    /// </summary>
    private static Dictionary<string, Region> CompiledRegions(string root) =>
        new[] { "samples", "tests/Geonode.Scraper.IntegrationTests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f =>
            {
                var matches = RegionPattern().Matches(File.ReadAllText(f));
                var usings = matches.FirstOrDefault(m => m.Groups["name"].Value == "usings") is { } u ? Dedent(u.Groups["body"].Value) : null;
                return matches.Where(m => m.Groups["name"].Value != "usings")
                    .Select(m => new Region(m.Groups["name"].Value, Dedent(m.Groups["body"].Value), f, usings));
            })
            .ToDictionary(r => r.Name);

    /// <summary>
    /// The reader sees every using directive the compiled code needs: the file's directives are all in its <c>usings</c>
    /// region, the global usings of its project are shown too, and its namespace is not inside <c>Geonode.Scraper</c> (where the
    /// SDK's types would resolve without a using). The System namespaces that <c>ImplicitUsings</c> imports are left out, as
    /// in a project made with <c>dotnet new</c>.
    /// </summary>
    private static void ShowsEveryUsing(string root, Region region)
    {
        var file = Path.GetRelativePath(root, region.File);
        region.Usings.Should().NotBeNull($"{file} shows its using directives in a #region usings (snippet '{region.Name}')");
        var text = File.ReadAllText(region.File).Replace("\r\n", "\n", StringComparison.Ordinal);
        var outside = RegionPattern().Replace(text, m => m.Groups["name"].Value == "usings" ? string.Empty : m.Value);
        UsingDirectivePattern().Matches(outside).Select(m => m.Value.Trim()).Should().BeEmpty($"{file}: every using directive is inside #region usings");
        FileScopedNamespacePattern().Match(text).Groups["name"].Value.Should().NotStartWith("Geonode.Scraper", $"{file}: inside Geonode.Scraper the SDK's types need no using");

        var project = new DirectoryInfo(Path.GetDirectoryName(region.File)!);
        while (project.GetFiles("*.csproj").Length == 0)
        {
            project = project.Parent!;
        }

        foreach (Match global in GlobalUsingItemPattern().Matches(File.ReadAllText(project.GetFiles("*.csproj")[0].FullName)))
        {
            region.Usings.Should().Contain($"using {global.Groups["name"].Value};", $"{file}: its project imports {global.Groups["name"].Value} for every file, so the snippet shows it");
        }

        Directory.EnumerateFiles(project.FullName, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("global using ", StringComparison.Ordinal))
            .Should().BeEmpty($"{project.Name} has no global usings a reader would not see");
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation other than hyphens and underscores dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        HeadingPattern().Matches(WithoutCodeBlocks(markdown))
            .Select(m => string.Concat(m.Groups["title"].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-'))
            .ToHashSet();

    private static string WithoutCodeBlocks(string markdown) =>
        CodeBlockPattern().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty);

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

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?;\s*$", RegexOptions.Multiline)]
    private static partial Regex UsingDirectivePattern();

    [GeneratedRegex(@"<Using\s+Include=""(?<name>[\w.]+)""")]
    private static partial Regex GlobalUsingItemPattern();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespacePattern();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    private sealed record Region(string Name, string Body, string File, string? Usings)
    {
        /// <summary>The text a page shows: the usings, a blank line, then the region; or the region alone.</summary>
        public string Shown => Usings is null ? Body : Usings + "\n\n" + Body;
    }
}
