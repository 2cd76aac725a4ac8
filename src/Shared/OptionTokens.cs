namespace Geonode.Scraper.Tools;

/// <summary>
/// The token loop that both command-line tools (<c>geonode-scraper-emulator</c>, <c>geonode-scraper-mcp</c>) share, linked
/// into each: <c>--name value</c> or <c>--name=value</c>, flags that take no value, each option at most once (<c>-h</c> is
/// <c>--help</c>). What an option means and how its value is checked stay with each tool.
/// </summary>
internal static class OptionTokens
{
    /// <summary>Reads <paramref name="args"/> in order, handing each flag to <paramref name="onFlag"/> and each option's value
    /// to <paramref name="onValue"/>, which returns an error or an empty string.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="flags">The options that take no value.</param>
    /// <param name="valued">The options that take one.</param>
    /// <param name="onFlag">Sets a flag.</param>
    /// <param name="onValue">Checks and sets an option's value; returns an error, or an empty string.</param>
    /// <param name="seen">The options given (<c>-h</c> as <c>--help</c>).</param>
    /// <returns>The first error, one line without the tool's name, or an empty string.</returns>
    public static string Read(
        IReadOnlyList<string> args, string[] flags, string[] valued, Action<string> onFlag, Func<string, string, string> onValue, out HashSet<string> seen)
    {
        seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, (string?)v) : (args[i], null);
            if (!seen.Add(name == "-h" ? "--help" : name))
            {
                return $"option {name} is given twice";
            }

            if (flags.Contains(name))
            {
                if (value is not null)
                {
                    return $"option {name} takes no value";
                }

                onFlag(name);
                continue;
            }

            if (!valued.Contains(name))
            {
                return name.StartsWith('-') ? $"unknown option {name}" : $"unexpected argument '{name}'";
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return $"option {name} needs a value";
                }

                value = args[++i];
            }

            if (onValue(name, value) is { Length: > 0 } error)
            {
                return error;
            }
        }

        return string.Empty;
    }
}
