using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Geonode.Scraper.AspNetCore.Tests;

/// <summary>The package's public API is experimental under the SDK's diagnostic, and docs/experimental.md (where the
/// diagnostic links) lists it.</summary>
public sealed class ExperimentalApiTests
{
    [Fact]
    public void EveryPublicType_IsExperimentalUnderGEONODE001_AndListedOnItsPage()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "experimental.md"));
        var types = typeof(GeonodeScraperWebhookOptions).Assembly.GetExportedTypes();

        types.Should().HaveCount(3);
        foreach (var type in types)
        {
            var experimental = type.GetCustomAttribute<ExperimentalAttribute>();
            experimental.Should().NotBeNull(type.Name);
            experimental!.DiagnosticId.Should().Be("GEONODE001");
            experimental.UrlFormat.Should().Be("https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md");
            var listed = type.IsAbstract && type.IsSealed
                ? type.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => $"| `{m.Name}(")
                : [$"| `{type.Name}` "];
            listed.Should().AllSatisfy(row => page.Should().Contain(row));
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("Geonode.Scraper.sln not found");
        }

        return dir.FullName;
    }
}
