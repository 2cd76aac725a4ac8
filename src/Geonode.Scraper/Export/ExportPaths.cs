using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Maps a URL to a relative file path of a Markdown export: <c>host/segment/.../last.md</c>, built from the raw URL text
/// (never through <see cref="Uri"/>, which resolves <c>..</c>). Every segment is made safe on every platform: percent-decoded,
/// then every character outside a small portable set percent-encoded again (so the mapping stays one-to-one and no
/// separator, <c>..</c>, drive letter or control character survives); dot-only names and leading or trailing dots encoded;
/// Windows device names (<c>CON</c>, <c>aux.txt</c>, <c>COM1</c>...) encoded; over-long segments cut and suffixed with a
/// hash. Folder names never end in <c>.md</c>, so a file and a folder never claim the same name.
/// </summary>
internal static class ExportPaths
{
    /// <summary>The longest segment, in UTF-8 bytes, before the <c>.md</c> extension (file systems allow 255).</summary>
    internal const int MaxSegmentBytes = 120;

    private const string Extension = ".md";

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00b9", "COM\u00b2", "COM\u00b3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3",
    };

    /// <summary>The relative path (segments joined with <c>/</c>) of the Markdown file for <paramref name="url"/>.</summary>
    public static string RelativePath(string url)
    {
        var rest = url;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest.Substring(scheme + 3);
        }

        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest.Substring(0, hash);
        }

        string? query = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            query = rest.Substring(question + 1);
            rest = rest.Substring(0, question);
        }

        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest.Substring(0, slash) : rest;
        var path = slash >= 0 ? rest.Substring(slash) : "/";
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority.Substring(at + 1);   // never user names or passwords in file names
        }

        var segments = new List<string> { Folder(authority.ToLowerInvariant()) };
        var parts = path.Split('/');
        var names = parts.Where(p => p.Length > 0).ToList();
        if (names.Count == 0 || path.EndsWith("/", StringComparison.Ordinal))
        {
            names.Add("index");
        }

        for (var i = 0; i < names.Count - 1; i++)
        {
            segments.Add(Folder(names[i]));
        }

        var last = names[names.Count - 1];
        if (query is { Length: > 0 })
        {
            last += "?" + query;
        }

        segments.Add(Safe(last) + Extension);
        return string.Join("/", segments);
    }

    /// <summary>A variant of <paramref name="relativePath"/> for a different key that mapped to the same file.</summary>
    public static string Disambiguate(string relativePath, string key) =>
        relativePath.Substring(0, relativePath.Length - Extension.Length) + "~" + Hash(key) + Extension;

    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="root"/>; throws if it is not inside.</summary>
    public static string FullPath(string root, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The export path '{relativePath}' leaves the export folder.");
        }

        return full;
    }

    /// <summary>A folder name: safe, and never ending in <c>.md</c> (that name belongs to files).</summary>
    private static string Folder(string segment)
    {
        var safe = Safe(segment);
        return safe.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)
            ? safe.Substring(0, safe.Length - Extension.Length) + "%2E" + safe.Substring(safe.Length - 2)
            : safe;
    }

    /// <summary>One path segment made safe (see the class remarks). Never empty.</summary>
    internal static string Safe(string segment)
    {
        var decoded = Uri.UnescapeDataString(segment);
        if (decoded.Length == 0)
        {
            return "%00";
        }

        var sb = new StringBuilder(decoded.Length + 8);
        var trailingDots = decoded.Length - decoded.TrimEnd('.', ' ').Length;
        for (var i = 0; i < decoded.Length; i++)
        {
            var c = decoded[i];
            if (char.IsHighSurrogate(c) && i + 1 < decoded.Length && char.IsLowSurrogate(decoded[i + 1]))
            {
                var pair = decoded.Substring(i, 2);
                if (char.IsLetterOrDigit(pair, 0))
                {
                    sb.Append(pair);
                }
                else
                {
                    Encode(sb, pair);
                }

                i++;
                continue;
            }

            // Leading dots (hidden files, and room for the export's own dot files) and trailing dots and spaces (Windows
            // drops them) are encoded; so is a name of dots only, which covers '.' and '..'.
            var edge = (c == '.' && (i == 0 || i >= decoded.Length - trailingDots)) || (c == ' ' && i >= decoded.Length - trailingDots);
            if (!edge && IsPortable(c))
            {
                sb.Append(c);
            }
            else
            {
                Encode(sb, c.ToString());
            }
        }

        var safe = sb.ToString();
        var dot = safe.IndexOf('.');
        var stem = dot >= 0 ? safe.Substring(0, dot) : safe;
        if (DeviceNames.Contains(stem.TrimEnd(' ')))
        {
            safe = "%" + ((int)safe[0]).ToString("X2", CultureInfo.InvariantCulture) + safe.Substring(1);
        }

        return Encoding.UTF8.GetByteCount(safe) <= MaxSegmentBytes ? safe : Shorten(safe, decoded);
    }

    private static bool IsPortable(char c) =>
        (char.IsLetterOrDigit(c) && !char.IsControl(c)) || c is '-' or '_' or '.' or '~' or '=' or '&' or '+' or ',' or '@' or '(' or ')' or '!' or '\'';

    private static void Encode(StringBuilder sb, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Cuts a segment to fit, on a boundary that splits neither an escape nor a character, and appends a hash of the whole.</summary>
    private static string Shorten(string safe, string original)
    {
        var budget = MaxSegmentBytes - 11;
        var end = 0;
        var bytes = 0;
        while (end < safe.Length)
        {
            var length = safe[end] == '%' ? 3 : char.IsHighSurrogate(safe[end]) ? 2 : 1;
            var size = safe[end] == '%' ? 3 : length == 2 ? 4 : Encoding.UTF8.GetByteCount(safe[end].ToString());
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            end += length;
        }

        var cut = safe.Substring(0, end).TrimEnd('.');
        return cut + "~" + Hash(original);
    }

    private static string Hash(string text)
    {
#if NET5_0_OR_GREATER
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
#else
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
#endif
        var sb = new StringBuilder(10);
        for (var i = 0; i < 5; i++)
        {
            sb.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
