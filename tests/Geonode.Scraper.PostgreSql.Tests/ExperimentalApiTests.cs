using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests;

/// <summary>The package's public API is experimental under the SDK's diagnostic, and docs/experimental.md (where the
/// diagnostic links) lists it.</summary>
public sealed class ExperimentalApiTests
{
    [Fact]
    public void EveryPublicType_IsExperimentalUnderGEONODE001_AndListedOnItsPage()
    {
        var page = File.ReadAllText(Path.Combine(PostgresDatabase.RepositoryRoot(), "docs", "experimental.md"));
        var types = typeof(PostgreSqlJobLedger).Assembly.GetExportedTypes();

        types.Should().HaveCount(7);
        foreach (var type in types)
        {
            var experimental = type.GetCustomAttribute<ExperimentalAttribute>();
            experimental.Should().NotBeNull(type.Name);
            experimental!.DiagnosticId.Should().Be("GEONODE001");
            experimental.UrlFormat.Should().Be("https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md");
            var listed = type.IsAbstract && type.IsSealed && type.Name.EndsWith("Extensions", StringComparison.Ordinal)
                ? type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => $"| `{m.Name}(")
                : [$"| `{type.Name}` "];
            listed.Should().AllSatisfy(row => page.Should().Contain(row));
        }
    }
}
