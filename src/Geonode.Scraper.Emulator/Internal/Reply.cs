using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>What a route answers: a status, an optional JSON body (none is an empty body) and an optional <c>Retry-After</c>.</summary>
internal sealed record Reply(int Status, JsonNode? Body, string? RetryAfter = null)
{
    public static Reply Ok(JsonNode body) => new(200, body);

    public static Reply Error(int status, string code, string message, bool retryable = false, string? retryAfter = null) => new(status, new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["correlation_id"] = "emu-" + Guid.NewGuid().ToString("N")[..12],
        ["retryable"] = retryable,
    }, retryAfter);

    /// <summary>The 404 of a resource: an empty body where the generated docs show "Empty" (crawl and map, API.md §11.1),
    /// the API's error envelope elsewhere.</summary>
    public static Reply NotFound(string resource) => resource is "crawl" or "map"
        ? new(404, null)
        : Error(404, "NOT_FOUND", resource == "webhooks" ? "Webhook not found" : "Job not found");

    /// <summary>FastAPI's answer to a path that matches no route.</summary>
    public static Reply NoRoute() => new(404, new JsonObject { ["detail"] = "Not Found" });

    public static Reply MethodNotAllowed() => new(405, new JsonObject { ["detail"] = "Method Not Allowed" });

    public static Reply RateLimited(string retryAfter) =>
        Error(429, "RATE_LIMITED", "Request throttled: too many requests", retryable: true, retryAfter: retryAfter);

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
