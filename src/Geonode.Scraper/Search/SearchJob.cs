using System.Text.Json;
using System.Text.Json.Serialization;

namespace Geonode.Scraper;

/// <summary>A search job (<c>GET /v1/search/jobs</c> and <c>GET /v1/search/{job_id}</c>). The detail endpoint's shape is
/// not documented: fields beyond the list's are kept in <see cref="AdditionalProperties"/>.</summary>
/// <remarks>Inferred: the path <c>GET /v1/search/{job_id}</c> is not in the reference (the docs only say a completed search
/// can be fetched by its id), and which statuses a search job takes is not settled: the MCP tools name
/// <c>pending</c>/<c>running</c>/<c>completed</c>/<c>failed</c>. Any status string is kept in <see cref="Status"/>.</remarks>
public sealed record SearchJob : IScraperJob
{
    /// <inheritdoc/>
    public required string JobId { get; init; }

    /// <inheritdoc/>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the query.</summary>
    public string? Query { get; init; }

    /// <summary>Gets the number of results.</summary>
    public int? ResultsCount { get; init; }

    /// <summary>Gets how long the search took, in milliseconds.</summary>
    /// <remarks>Inferred: <c>duration_ms</c> is read as milliseconds from its name; no page states the unit.</remarks>
    public long? DurationMs { get; init; }

    /// <summary>Gets why the search engine blocked the search, if it did.</summary>
    public string? BlockReason { get; init; }

    /// <summary>Gets the error code when the job failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets when the job was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job ended.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the results, when the server includes them.</summary>
    public IReadOnlyList<SearchHit>? Results { get; init; }

    /// <summary>Gets any other fields the server sent, as raw JSON.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
