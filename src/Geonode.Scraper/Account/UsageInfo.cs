using System.Text.Json;
using System.Text.Json.Serialization;

namespace Geonode.Scraper;

/// <summary>Live concurrency compared with the plan's limit (<c>GET /v1/usage</c>). The response shape is not documented:
/// the likely fields are typed, and everything the server sends is kept in <see cref="AdditionalProperties"/>.</summary>
public sealed record UsageInfo
{
    /// <summary>Gets the number of jobs or threads running now, if the server reports it as <c>concurrency_in_use</c>.</summary>
    public int? ConcurrencyInUse { get; init; }

    /// <summary>Gets the plan's concurrency limit, if the server reports it as <c>concurrency_limit</c>.</summary>
    public int? ConcurrencyLimit { get; init; }

    /// <summary>Gets every other field the server sent, as raw JSON.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
