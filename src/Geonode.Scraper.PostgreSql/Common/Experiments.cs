namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>
/// The diagnostic of APIs marked <c>[Experimental]</c>, the same as the core package's: new workflows kept experimental until
/// they have shipped once (DESIGN §3). Users opt in with <c>&lt;NoWarn&gt;GEONODE001&lt;/NoWarn&gt;</c>.
/// </summary>
internal static class Experiments
{
    public const string Id = "GEONODE001";

    public const string UrlFormat = "https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md";
}
