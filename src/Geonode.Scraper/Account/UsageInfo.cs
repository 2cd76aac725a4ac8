using System.Text.Json;
using System.Text.Json.Serialization;

namespace Geonode.Scraper;

/// <summary>Live concurrency compared with the plan's limit (<c>GET /v1/usage</c>). The response shape is not documented:
/// the likely fields are typed, and everything the server sends is kept in <see cref="AdditionalProperties"/>.</summary>
/// <remarks>Inferred: the names <c>concurrency_in_use</c> and <c>concurrency_limit</c> are guesses from the endpoint's
/// description ("live concurrency compared with the plan limit"); when the server names them otherwise, the two typed
/// properties stay <see langword="null"/> and the values are in <see cref="AdditionalProperties"/>. The live contract
/// tests print the real shape.</remarks>
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
