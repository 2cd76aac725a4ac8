using System.Text.Json.Nodes;

namespace Geonode.Scraper.Tests.Support;

public static class JsonAssert
{
    public static void Equivalent(string? actual, string expected)
    {
        actual.Should().NotBeNull();
        var a = JsonNode.Parse(actual!);
        var e = JsonNode.Parse(expected);
        JsonNode.DeepEquals(a, e).Should().BeTrue($"the body should be {e!.ToJsonString()} but was {a!.ToJsonString()}");
    }
}
