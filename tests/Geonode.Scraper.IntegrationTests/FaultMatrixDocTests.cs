using System.Reflection;
using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>docs/reliability.md is a claim about tests: every row of its fault matrix names at least one test by its fully
/// qualified name, and each named test exists (a Fact, Theory or Property, not skipped) in the unit or integration tests.
/// That the named tests pass is the rest of the suite's job.</summary>
public sealed partial class FaultMatrixDocTests
{
    private static readonly Assembly[] TestAssemblies = [typeof(FaultMatrixDocTests).Assembly, typeof(Geonode.Scraper.Tests.Support.TestClient).Assembly];

    [Fact]
    public void FaultMatrix_EveryRowNamesTestsThatExist()
    {
        var rows = MatrixRows(File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "reliability.md")));

        rows.Should().HaveCountGreaterThanOrEqualTo(40);
        rows.Should().AllSatisfy(row => TestNames().Matches(row.Tests).Should().NotBeEmpty($"the row '{row.Fault}' names the test that proves it"));
        var missing = rows.SelectMany(row => TestNames().Matches(row.Tests).Select(m => m.Groups[1].Value)).Distinct().Where(name => !Exists(name)).ToList();
        missing.Should().BeEmpty("every test named in docs/reliability.md exists under that name");
    }

    [Fact]
    public void FaultMatrix_UsesEveryEmulatorFaultProfile()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "reliability.md"));

        Enum.GetNames<EmulatorProfile>().Should().OnlyContain(profile => doc.Contains($"`{profile}`", StringComparison.Ordinal));
    }

    [Fact]
    public void MatrixRows_ARowWithoutATest_IsFound()
    {
        // The check above must be able to fail: a row whose test column names no test.
        var rows = MatrixRows(["| Fault | Injected | What the SDK does | Test |", "|---|---|---|---|", "| A fault | somewhere | something | (none yet) |"]);

        rows.Should().ContainSingle().Which.Tests.Should().NotMatchRegex(TestNames().ToString());
        Exists("Geonode.Scraper.IntegrationTests.FaultMatrixDocTests.NoSuchTest").Should().BeFalse();
        Exists("Geonode.Scraper.Tests.Internal.ResilienceTests.Get_TransientStatuses_AreRetriedWithDoublingDelays").Should().BeTrue();
    }

    private static List<(string Fault, string Tests)> MatrixRows(IEnumerable<string> lines)
    {
        var rows = new List<(string, string)>();
        var inTable = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length >= 4 && cells[0] == "Fault" && cells[^1] == "Test")
            {
                inTable = true;
            }
            else if (inTable && !cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                rows.Add((cells[0], cells[^1]));
            }
        }

        return rows;
    }

    private static bool Exists(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        var type = TestAssemblies.Select(a => a.GetType(fullName[..dot])).FirstOrDefault(t => t is not null);
        return type?.GetMethods().Any(m => m.Name == fullName[(dot + 1)..]
            && m.GetCustomAttributes<FactAttribute>(inherit: true).Any(f => string.IsNullOrEmpty(f.Skip))) == true;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Geonode.Scraper.sln) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"`(Geonode\.Scraper\.[A-Za-z0-9_.]+)`")]
    private static partial Regex TestNames();
}
