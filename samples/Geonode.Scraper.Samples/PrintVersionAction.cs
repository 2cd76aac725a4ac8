using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Geonode.Scraper.Samples;

/// <summary><c>--version</c>: the version of the Geonode.Scraper package (written once, in Directory.Build.props).</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    /// <summary>Gets the package version, without the commit that SourceLink appends after a '+'.</summary>
    public static string Version { get; } =
        typeof(ScraperClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
