using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Geonode.Scraper.Tests.Support;

/// <summary>
/// Breaks a valid JSON document the ways servers, proxies and networks break them: a field dropped, a value of another
/// type, nulls (one or all), numbers no .NET type holds, nesting deeper than any reader allows, invalid UTF-8, a body cut
/// short, unknown fields, and documents that are not the expected shape at all. Deterministic for a seed.
/// </summary>
public static class JsonMutator
{
    public static readonly string[] Kinds =
    [
        "drop field", "change type", "null one", "null every field", "huge number", "deep nesting", "invalid utf-8", "truncate",
        "unknown fields", "other root", "not json", "empty", "random json",
    ];

    private const string Marker = "\u0001mutation\u0001";

    private static readonly string[] FieldNames =
    [
        "job_id", "status", "url", "data", "results", "items", "jobs", "page", "page_count", "total_urls", "completed_urls", "total_pages",
        "created_at", "completed_at", "metadata", "error", "links", "markdown", "input_index", "id", "secret", "event_type", "detail", "code",
        "message", "retryable", "success", "requests", "tokens_used", "token_summary", "depth", "in_flight_urls",
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "99999999999999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "1.5", "1e-400", "-0", "0.0000001",
    ];

    /// <summary>Applies mutation <paramref name="kind"/> to <paramref name="json"/>; the random choices come from <paramref name="seed"/>.</summary>
    public static byte[] Mutate(string json, string kind, int seed)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json)!;
        switch (kind)
        {
            case "drop field":
                if (Pick(Properties(root), random) is { } dropped)
                {
                    dropped.Parent.Remove(dropped.Name);
                }

                return Bytes(root);
            case "change type":
                Replace(root, random, RandomValue(random, depth: 2));
                return Bytes(root);
            case "null one":
                Replace(root, random, null);
                return Bytes(root);
            case "null every field":
                foreach (var (parent, name) in Properties(root))
                {
                    parent[name] = null;
                }

                return Bytes(root);
            case "huge number":
                return Splice(root, random, HugeNumbers[random.Next(HugeNumbers.Length)]);
            case "deep nesting":
                var depth = random.Next(65, 5000);
                return Splice(root, random, new string('[', depth) + new string(']', depth));
            case "invalid utf-8":
                var text = Encoding.UTF8.GetBytes(root.ToJsonString());
                var bad = new[] { new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0xBC], [0xC0, 0xAF] }[random.Next(5)];
                var quotes = text.Select((b, i) => (b, i)).Where(x => x.b == (byte)'"').Select(x => x.i).ToList();
                var at = quotes.Count == 0 ? 0 : quotes[random.Next(quotes.Count)] + 1;
                return [.. text.Take(at), .. bad, .. text.Skip(at)];
            case "truncate":
                var whole = Bytes(root);
                return whole.Take(random.Next(0, whole.Length)).ToArray();
            case "unknown fields":
                foreach (var obj in Objects(root).ToList())
                {
                    obj["x_" + random.Next(1000).ToString(CultureInfo.InvariantCulture)] = RandomValue(random, depth: 2);
                }

                return Bytes(root);
            case "other root":
                return Encoding.UTF8.GetBytes(new[] { "null", "[]", "[" + root.ToJsonString() + "]", "\"ok\"", "42", "true", "{}" }[random.Next(7)]);
            case "not json":
                return Encoding.UTF8.GetBytes(new[] { "<!DOCTYPE html><html><body>Bad gateway</body></html>", "OK", "\u00ef\u00bb\u00bf", "{'job_id': 'x'}", "{\"a\":1}{\"b\":2}", "NaN" }[random.Next(6)]);
            case "empty":
                return [];
            case "random json":
                return Bytes(RandomValue(random, depth: 4, objectBias: true) ?? JsonValue.Create(0));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static byte[] Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    /// <summary>Puts raw JSON text (which a <see cref="JsonNode"/> cannot hold) in place of a random value.</summary>
    private static byte[] Splice(JsonNode root, Random random, string raw)
    {
        if (!Replace(root, random, JsonValue.Create(Marker)))
        {
            return Encoding.UTF8.GetBytes(raw);
        }

        var quoted = System.Text.Json.JsonSerializer.Serialize(Marker);
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace(quoted, raw, StringComparison.Ordinal));
    }

    private static bool Replace(JsonNode root, Random random, JsonNode? value)
    {
        var slots = Properties(root).Select(p => (Action)(() => p.Parent[p.Name] = value))
            .Concat(Arrays(root).SelectMany(a => Enumerable.Range(0, a.Count).Select(i => (Action)(() => a[i] = value))))
            .ToList();
        if (slots.Count == 0)
        {
            return false;
        }

        slots[random.Next(slots.Count)]();
        return true;
    }

    private static JsonNode? RandomValue(Random random, int depth, bool objectBias = false)
    {
        var choice = objectBias ? 7 : random.Next(depth > 0 ? 8 : 6);
        switch (choice)
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Next(2) == 0);
            case 2:
                return JsonValue.Create(random.Next(int.MinValue, int.MaxValue));
            case 3:
                return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 30)));
            case 4:
                return JsonValue.Create(new[] { string.Empty, "completed", "canceled", "weird-status", "2026-13-45T99:00:00Z", "null", "\u0000\u00e9\u2028", "https://x.test/" }[random.Next(8)]);
            case 5:
                return JsonValue.Create(new string('x', random.Next(0, 2000)));
            case 6:
                var array = new JsonArray();
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    array.Add(RandomValue(random, depth - 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(0, 6); i > 0; i--)
                {
                    obj[FieldNames[random.Next(FieldNames.Length)]] = RandomValue(random, depth - 1);
                }

                return obj;
        }
    }

    private static T? Pick<T>(IReadOnlyList<T> items, Random random)
        where T : struct => items.Count == 0 ? null : items[random.Next(items.Count)];

    private static List<(JsonObject Parent, string Name)> Properties(JsonNode root) =>
        Objects(root).SelectMany(o => o.Select(p => (o, p.Key))).ToList();

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => Descendants(node).OfType<JsonObject>();

    private static IEnumerable<JsonArray> Arrays(JsonNode? node) => Descendants(node).OfType<JsonArray>();

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
