using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// Reads a tool's arguments as a model sends them: <see cref="JsonElement"/>s when parsed from a model's JSON, plain .NET
/// values when a program calls the function. A wrong value becomes a <see cref="ToolArgumentException"/>.
/// </summary>
internal sealed class ToolArguments(AIFunctionArguments arguments)
{
    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolArgumentException($"Argument '{name}' is required.");

    public string? OptionalString(string name)
    {
        var value = Get(name);
        var text = value switch
        {
            null => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            _ => throw new ToolArgumentException($"Argument '{name}' must be a string."),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }

    public string RequiredUrl(string name) => CheckUrl(name, RequiredString(name));

    public int Int(string name, int defaultValue, int min, int max)
    {
        var value = Get(name);
        long? number = value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var l) => l,
            JsonElement { ValueKind: JsonValueKind.String } e when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            int i => i,
            long l => l,
            short s => s,
            double d when d == Math.Floor(d) && Math.Abs(d) < long.MaxValue => (long)d,
            _ => throw new ToolArgumentException($"Argument '{name}' must be a whole number from {min} to {max}."),
        };
        if (number is null)
        {
            return defaultValue;
        }

        return number < min || number > max
            ? throw new ToolArgumentException($"Argument '{name}' must be from {min} to {max}; it was {number}.")
            : (int)number.Value;
    }

    public bool Bool(string name)
    {
        return Get(name) switch
        {
            null => false,
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False or JsonValueKind.Null } => false,
            JsonElement { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var b) => b,
            string s when bool.TryParse(s, out var b) => b,
            _ => throw new ToolArgumentException($"Argument '{name}' must be true or false."),
        };
    }

    public IReadOnlyList<string> RequiredUrls(string name, int max)
    {
        var value = Get(name);
        var items = new List<string>();
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    items.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new ToolArgumentException($"Argument '{name}' must be an array of URL strings."));
                }

                break;
            case string single:
                items.Add(single);
                break;
            case IEnumerable<string> strings:
                items.AddRange(strings);
                break;
            case null:
                break;
            default:
                throw new ToolArgumentException($"Argument '{name}' must be an array of URL strings.");
        }

        if (items.Count == 0)
        {
            throw new ToolArgumentException($"Argument '{name}' needs at least one URL.");
        }

        if (items.Count > max)
        {
            throw new ToolArgumentException($"Argument '{name}' takes at most {max} URLs; it had {items.Count}. Split them over several calls.");
        }

        return items.Select(url => CheckUrl(name, url.Trim())).ToList();
    }

    private static string CheckUrl(string name, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
        {
            return url;
        }

        throw new ToolArgumentException($"'{ToolText.Clip(url, 100)}' in argument '{name}' is not an absolute http(s) URL such as https://example.com/page.");
    }

    private object? Get(string name) => arguments.TryGetValue(name, out var value) ? value : null;
}
