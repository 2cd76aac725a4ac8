using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>Reads and validates request bodies and query strings the way the API's FastAPI models do.</summary>
internal sealed class RequestReader
{
    private static readonly string[] Formats = ["markdown", "html"];

    private RequestReader(JsonObject body) => Body = body;

    public JsonObject Body { get; }

    public List<JsonObject> Problems { get; } = [];

    public static async Task<(RequestReader? Reader, Reply? Error)> ReadAsync(HttpContext context)
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (node is JsonObject obj)
            {
                return (new RequestReader(obj), null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, Reply.Validation([Reply.Problem("JSON decode error", "json_invalid", "body")]));
    }

    public string? Url(string field, bool required = true)
    {
        var node = Body[field];
        if (node is null)
        {
            if (required)
            {
                Problems.Add(Reply.Problem("Field required", "missing", "body", field));
            }

            return null;
        }

        var value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (!IsHttpUrl(value))
        {
            Problems.Add(Reply.Problem("Input should be a valid URL, relative URL without a base", "url_parsing", "body", field));
            return null;
        }

        return value;
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    public string? String(string field, int min = 0, int max = int.MaxValue, bool required = false)
    {
        var node = Body[field];
        if (node is null)
        {
            if (required)
            {
                Problems.Add(Reply.Problem("Field required", "missing", "body", field));
            }

            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            Problems.Add(Reply.Problem("Input should be a valid string", "string_type", "body", field));
            return null;
        }

        var value = node.GetValue<string>();
        if (value.Length < min)
        {
            Problems.Add(Reply.Problem($"String should have at least {min} character{(min == 1 ? "" : "s")}", "string_too_short", "body", field));
        }
        else if (value.Length > max)
        {
            Problems.Add(Reply.Problem($"String should have at most {max} characters", "string_too_long", "body", field));
        }

        return value;
    }

    public bool? Bool(string field)
    {
        var node = Body[field];
        if (node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            return kind == JsonValueKind.True;
        }

        Problems.Add(Reply.Problem("Input should be a valid boolean", "bool_type", "body", field));
        return null;
    }

    public int? Int(string field, int min, int max)
    {
        var node = Body[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value))
        {
            Problems.Add(Reply.Problem("Input should be a valid integer", "int_type", "body", field));
            return null;
        }

        if (value < min)
        {
            Problems.Add(Reply.Problem($"Input should be greater than or equal to {min}", "greater_than_equal", "body", field));
        }
        else if (value > max)
        {
            Problems.Add(Reply.Problem($"Input should be less than or equal to {max}", "less_than_equal", "body", field));
        }

        return value;
    }

    public string? Enum(string field, params string[] allowed)
    {
        var node = Body[field];
        if (node is null)
        {
            return null;
        }

        var value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (value is null || !allowed.Contains(value))
        {
            Problems.Add(Reply.Problem($"Input should be {string.Join(" or ", allowed.Select(a => $"'{a}'"))}", "enum", "body", field));
            return null;
        }

        return value;
    }

    public double? Number(string field, double min, double max)
    {
        var node = Body[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            Problems.Add(Reply.Problem("Input should be a valid number", "float_type", "body", field));
            return null;
        }

        var value = node.GetValue<double>();
        if (value < min || value > max)
        {
            Problems.Add(Reply.Problem($"Input should be between {min} and {max}", "value_error", "body", field));
            return null;
        }

        return value;
    }

    /// <summary>Reads an optional list of enum strings; each bad item is a problem at its index.</summary>
    public List<string>? EnumList(string field, string[] allowed)
    {
        var node = Body[field];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            Problems.Add(Reply.Problem("Input should be a valid list", "list_type", "body", field));
            return null;
        }

        var values = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            if (value is null || !allowed.Contains(value))
            {
                Problems.Add(Reply.Problem($"Input should be one of {string.Join(", ", allowed)}", "enum", "body", field, i));
            }
            else
            {
                values.Add(value);
            }
        }

        return values;
    }

    public JsonArray FormatList(string[] fallback)
    {
        var node = Body["formats"];
        if (node is null)
        {
            return new JsonArray(fallback.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }

        if (node is not JsonArray array || array.Count == 0)
        {
            Problems.Add(Reply.Problem("Input should be a non-empty list", "list_type", "body", "formats"));
            return [];
        }

        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            if (value is null || !Formats.Contains(value))
            {
                Problems.Add(Reply.Problem("Input should be 'markdown' or 'html'", "enum", "body", "formats", i));
            }
        }

        return (JsonArray)array.DeepClone();
    }

    public JsonNode? Clone(string field) => Body[field]?.DeepClone();

    /// <summary>Whether the body sets <paramref name="field"/> to JSON <c>null</c> (as opposed to leaving it out).</summary>
    public bool IsExplicitNull(string field) => Body.TryGetPropertyValue(field, out var node) && node is null;

    public static int? QueryInt(HttpContext context, string name, int min, int max, int fallback, List<JsonObject> problems)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add(Reply.Problem("Input should be a valid integer, unable to parse string as an integer", "int_parsing", "query", name));
            return null;
        }

        if (value < min)
        {
            problems.Add(Reply.Problem($"Input should be greater than or equal to {min}", "greater_than_equal", "query", name));
            return null;
        }

        if (value > max)
        {
            problems.Add(Reply.Problem($"Input should be less than or equal to {max}", "less_than_equal", "query", name));
            return null;
        }

        return value;
    }

    /// <summary>Reads an enum query parameter; a value outside <paramref name="allowed"/> is a FastAPI 422.</summary>
    public static string? QueryEnum(HttpContext context, string name, string[] allowed, List<JsonObject> problems)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (allowed.Contains(raw, StringComparer.Ordinal))
        {
            return raw;
        }

        problems.Add(Reply.Problem($"Input should be {string.Join(", ", allowed[..^1].Select(a => $"'{a}'"))} or '{allowed[^1]}'", "enum", "query", name));
        return null;
    }

    public static DateTimeOffset? QueryDate(HttpContext context, string name, List<JsonObject> problems)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        problems.Add(Reply.Problem("Input should be a valid datetime", "datetime_parsing", "query", name));
        return null;
    }
}
