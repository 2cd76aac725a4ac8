using System.Text.RegularExpressions;

namespace Geonode.Scraper.Samples.Tests.Support;

/// <summary>Facts read from the repository itself.</summary>
public static class Repository
{
    /// <summary>The &lt;Version&gt; of Directory.Build.props: the one place the repository writes its version.</summary>
    public static string PackageVersion
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                dir = dir.Parent ?? throw new InvalidOperationException("Directory.Build.props not found");
            }

            return Regex.Match(File.ReadAllText(Path.Combine(dir.FullName, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        }
    }
}
