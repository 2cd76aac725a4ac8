using System.Reflection;

namespace Geonode.Scraper.Tests.Docs;

/// <summary>docs/experimental.md, the page the GEONODE001 diagnostic links to, lists every experimental API of the SDK.</summary>
public sealed class ExperimentalApiDocTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void EveryExperimentalApi_IsListedOnThePageItsDiagnosticLinksTo()
    {
        var root = ReadmeSnippetsTests.RepositoryRoot();
        var page = File.ReadAllText(Path.Combine(root, "docs", "experimental.md"));
        var experimental = typeof(IScraperClient).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(Declared).Prepend(t))
            .Select(m => (Member: m, Attribute: m.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == "System.Diagnostics.CodeAnalysis.ExperimentalAttribute")))
            .Where(x => x.Attribute is not null)
            .ToList();

        experimental.Should().NotBeEmpty();
        foreach (var (member, attribute) in experimental)
        {
            attribute!.ConstructorArguments[0].Value.Should().Be("GEONODE001", member.Name);
            var url = attribute.NamedArguments.Single(a => a.MemberName == "UrlFormat").TypedValue.Value as string;
            url.Should().Be("https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md", member.Name);
            var name = member.Name.Split('`')[0];   // a generic type's row reads `JobOperation<TJob>`
            (page.Contains($"| `{name}` |", StringComparison.Ordinal) || page.Contains($"| `{name}(", StringComparison.Ordinal) || page.Contains($"| `{name}<", StringComparison.Ordinal))
                .Should().BeTrue($"docs/experimental.md has a row for the experimental {member.Name}");
        }
    }
}
