using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// A deterministic synthetic web: every URL has content and links computed from the URL alone, and no request ever leaves
/// the machine. Page <c>/</c> is node 0; node n links to <c>/p/{n·F+1}</c> … <c>/p/{n·F+F}</c> on its host, to the same node
/// on the <c>blog.</c> subdomain and to <c>external.test</c>.
/// Hosts under <c>.test</c> pick outcomes: <c>fail.test</c> fails, <c>slow.test</c> is slow, <c>cancel.test</c> /
/// <c>canceled.test</c> end cancelled (the second with that spelling), <c>stuck.test</c> never ends, <c>empty.test</c> has
/// no links, <c>partial.test</c> fails every page whose node is a multiple of 7, <c>flaky.test</c> fails a page the first
/// time it is extracted (decided by the caller, which holds the state), <c>hostile.test</c> links to paths that are unsafe
/// as file names; the hosts of <see cref="EmulatorProfile"/> give jobs a profile.
/// </summary>
internal static class SyntheticWeb
{
    private static readonly (string Host, EmulatorProfile Profile)[] ProfileHosts =
    [
        ("vanish.test", EmulatorProfile.JobVanishes),
        ("stall.test", EmulatorProfile.CountersStall),
        ("backwards.test", EmulatorProfile.CountersBackwards),
        ("zero.test", EmulatorProfile.ZeroResults),
        ("storm.test", EmulatorProfile.RateLimitStorm),
        ("slow-status.test", EmulatorProfile.SlowStatus),
        ("duplicate.test", EmulatorProfile.DuplicateDeliveries),
        ("shuffle.test", EmulatorProfile.ShuffledResults),
        ("requeue.test", EmulatorProfile.StatusBackwards),
    ];

    public static bool IsHost(string host, string rule) =>
        host.Equals(rule, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + rule, StringComparison.OrdinalIgnoreCase);

    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : string.Empty;

    /// <summary>Whether the page always fails: every page on <c>fail.test</c>, every 7th page on <c>partial.test</c>.</summary>
    public static bool Fails(string url)
    {
        var host = HostOf(url);
        return IsHost(host, "fail.test")
            || (IsHost(host, "partial.test") && Uri.TryCreate(url, UriKind.Absolute, out var uri) && NodeOf(uri) is var node && node > 0 && node % 7 == 0);
    }

    public static bool IsFlaky(string url) => IsHost(HostOf(url), "flaky.test");

    public static IEnumerable<EmulatorProfile> Profiles(string url)
    {
        var host = HostOf(url);
        return ProfileHosts.Where(p => IsHost(host, p.Host)).Select(p => p.Profile);
    }

    public static bool IsSlow(string url) => IsHost(HostOf(url), "slow.test");

    /// <summary>The job status a special host forces once the work is done, or null for the normal outcome.</summary>
    public static string? ForcedJobStatus(string url)
    {
        var host = HostOf(url);
        return IsHost(host, "canceled.test") ? "canceled"
            : IsHost(host, "cancel.test") ? "cancelled"
            : IsHost(host, "stuck.test") ? "throttled"
            : null;
    }

    public static IReadOnlyList<string> Links(string url, int linksPerPage)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || IsHost(uri.Host, "empty.test"))
        {
            return [];
        }

        var node = NodeOf(uri);
        var root = $"{uri.Scheme}://{uri.Authority}";
        var links = new List<string>(linksPerPage + 2);
        for (var k = 1; k <= linksPerPage; k++)
        {
            links.Add($"{root}/p/{((node * linksPerPage) + k).ToString(CultureInfo.InvariantCulture)}");
        }

        if (!uri.Host.StartsWith("blog.", StringComparison.OrdinalIgnoreCase) && !uri.Host.Equals("external.test", StringComparison.OrdinalIgnoreCase))
        {
            links.Add($"{uri.Scheme}://blog.{uri.Authority}/p/{node.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!uri.Host.Equals("external.test", StringComparison.OrdinalIgnoreCase))
        {
            links.Add($"https://external.test/p/{node.ToString(CultureInfo.InvariantCulture)}");
        }

        if (IsHost(uri.Host, "hostile.test"))
        {
            links.AddRange(HostileLinks(root));
        }

        return links;
    }

    /// <summary>Links whose paths are unsafe as file names: traversal (plain and percent-encoded), reserved Windows device
    /// names, a 300-character segment, non-ASCII text (raw and encoded) and query strings.</summary>
    private static IEnumerable<string> HostileLinks(string root) =>
    [
        $"{root}/docs/../../etc/passwd",
        $"{root}/docs/%2e%2e/%2e%2e/secret",
        $"{root}/CON",
        $"{root}/aux.txt",
        $"{root}/{new string('a', 300)}",
        $"{root}/caf\u00e9/\u65e5\u672c\u8a9e",
        $"{root}/caf%C3%A9/%E6%97%A5%E6%9C%AC%E8%AA%9E",
        $"{root}/page?x=1&next=../../z",
        $"{root}/page?x=2",
    ];

    public static string Title(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Host}{(uri.AbsolutePath == "/" ? string.Empty : uri.AbsolutePath)}" : url;

    public static string Markdown(string url)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(Title(url)).Append("\n\n");
        sb.Append("This page was generated by the Geonode Scraper emulator for ").Append(url).Append(".\n\n");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url));
        for (var i = 0; i < 3; i++)
        {
            sb.Append("- Fact ").Append(i + 1).Append(": ").Append(Convert.ToHexStringLower(hash.AsSpan(i * 4, 4))).Append('\n');
        }

        return sb.ToString();
    }

    public static string Html(string url) =>
        $"<html><head><title>{Title(url)}</title></head><body><h1>{Title(url)}</h1><p>Generated by the Geonode Scraper emulator.</p></body></html>";

    /// <summary>The node number of a URL: 0 for <c>/</c>, n for <c>/p/n</c>, a stable hash otherwise.</summary>
    private static long NodeOf(Uri uri)
    {
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length == 0)
        {
            return 0;
        }

        if (path.StartsWith("/p/", StringComparison.Ordinal) && long.TryParse(path.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < long.MaxValue / 1000)
        {
            return n;
        }

        return BitConverter.ToUInt16(SHA256.HashData(Encoding.UTF8.GetBytes(path)), 0);
    }
}
