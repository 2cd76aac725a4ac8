namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// The diagnostic of this package's APIs: new workflows on top of the endpoints, experimental until they have shipped once
/// (DESIGN §3), with the same id as the core package's. Users opt in with <c>&lt;NoWarn&gt;GEONODE001&lt;/NoWarn&gt;</c>.
/// </summary>
internal static class Experiments
{
    public const string Id = "GEONODE001";

    public const string UrlFormat = "https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md";
}
