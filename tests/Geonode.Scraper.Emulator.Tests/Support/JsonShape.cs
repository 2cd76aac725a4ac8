using System.Text.Json;
using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>Compares an answer with a documented example: every key of the example is in the answer with the same JSON type,
/// null where the example has null; arrays are compared by their first element.</summary>
public static class JsonShape
{
    public static void ShouldMatch(JsonNode? actual, JsonNode? documented, string path = "$")
    {
        if (documented is null)
        {
            actual.Should().BeNull($"{path} is null in the documented example");
            return;
        }

        actual.Should().NotBeNull($"{path} is {Kind(documented)} in the documented example");
        Kind(actual!).Should().Be(Kind(documented), $"{path} has the documented JSON type");
        switch (documented)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    actual!.AsObject().ContainsKey(key).Should().BeTrue($"{path}.{key} is in the documented example");
                    ShouldMatch(actual![key], value, $"{path}.{key}");
                }

                break;
            case JsonArray array when array.Count > 0:
                actual!.AsArray().Should().NotBeEmpty($"{path} has items in the documented example");
                ShouldMatch(actual![0], array[0], $"{path}[0]");
                break;
        }
    }

    public static JsonNode Fixture(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)))!;

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };
}
