using System.Reflection;

namespace Geonode.Scraper.Internal;

/// <summary>The SDK's own version, for the <c>User-Agent</c> and the telemetry sources.</summary>
internal static class SdkInfo
{
    public static string Version { get; } =
        typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
