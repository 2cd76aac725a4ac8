using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>Reads a tool's arguments as an MCP client sends them (<see cref="JsonElement"/>s); a wrong value becomes a
/// <see cref="ToolArgumentException"/> that says how to fix it.</summary>
internal sealed class ToolArgs(AIFunctionArguments arguments)
{
    /// <summary>Gets the arguments as the client sent them, to pass on to another tool.</summary>
    public AIFunctionArguments Raw => arguments;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolArgumentException($"Argument '{name}' is required.");

    public string? OptionalString(string name)
    {
        var text = Get(name) switch
        {
            null => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            _ => throw new ToolArgumentException($"Argument '{name}' must be a string."),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>Reads a job id: short, and made of the characters job ids have.</summary>
    public string JobId(string name = "job_id")
    {
        var id = RequiredString(name);
        return id.Length <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id
            : throw new ToolArgumentException($"Argument '{name}' is not a job id; use the job id that crawl_site, scrape_urls or retry_failed returned.");
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        long? number = Get(name) switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var l) => l,
            JsonElement { ValueKind: JsonValueKind.String } e when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            int i => i,
            long l => l,
            _ => throw new ToolArgumentException($"Argument '{name}' must be a whole number from {min} to {max}."),
        };
        return number switch
        {
            null => defaultValue,
            _ when number < min || number > max => throw new ToolArgumentException($"Argument '{name}' must be from {min} to {max}; it was {number}."),
            _ => (int)number.Value,
        };
    }

    /// <summary>Reads one of a few words, without regard to case.</summary>
    public string Choice(string name, string defaultValue, params string[] choices)
    {
        var value = OptionalString(name);
        if (value is null)
        {
            return defaultValue;
        }

        return choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolArgumentException($"Argument '{name}' must be {string.Join(" or ", choices)}; it was '{Clip(value)}'.");
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private object? Get(string name) => arguments.TryGetValue(name, out var value) ? value : null;
}
