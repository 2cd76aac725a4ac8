using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>What a route answers: a status and an optional JSON body.</summary>
internal sealed record Reply(int Status, JsonNode? Body)
{
    public static Reply Ok(JsonNode body) => new(200, body);

    public static Reply Error(int status, string code, string message, bool retryable = false) => new(status, new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["correlation_id"] = "emu-" + Guid.NewGuid().ToString("N")[..12],
        ["retryable"] = retryable,
    });

    public static Reply NotFound(string what) => Error(404, "NOT_FOUND", $"{what} not found");

    /// <summary>A FastAPI request-validation error: <c>{ detail: [ { loc, msg, type } ] }</c>.</summary>
    public static Reply Validation(List<JsonObject> problems) => new(422, new JsonObject { ["detail"] = new JsonArray(problems.ToArray<JsonNode>()) });

    public static JsonObject Problem(string msg, string type, params object[] loc)
    {
        var location = new JsonArray();
        foreach (var part in loc)
        {
            location.Add(part is int i ? (JsonNode)JsonValue.Create(i) : JsonValue.Create(part.ToString()));
        }

        return new JsonObject { ["loc"] = location, ["msg"] = msg, ["type"] = type };
    }
}
