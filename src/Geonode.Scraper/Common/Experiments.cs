namespace Geonode.Scraper.Internal;

/// <summary>
/// The diagnostic of APIs marked <c>[Experimental]</c>: new workflows on top of the endpoints, kept experimental until they
/// have shipped once (DESIGN §3). Users opt in with <c>&lt;NoWarn&gt;GEONODE001&lt;/NoWarn&gt;</c> or <c>#pragma warning disable</c>.
/// </summary>
internal static class Experiments
{
    public const string Id = "GEONODE001";

    public const string UrlFormat = "https://github.com/geonode-scraper/geonode-scraper-dotnet/blob/main/docs/experimental.md";
}
