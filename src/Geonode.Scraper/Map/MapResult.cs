namespace Geonode.Scraper;

/// <summary>The URLs of a site (<c>POST /v1/map</c>). An empty list can still be a success.</summary>
public sealed record MapResult
{
    /// <summary>Gets a value indicating whether discovery succeeded.</summary>
    public bool Success { get; init; }

    /// <summary>Gets the discovered URLs.</summary>
    public IReadOnlyList<MapLink> Links { get; init => field = value ?? []; } = [];

    /// <summary>Gets a warning about partial results, if any.</summary>
    public string? Warning { get; init; }

    /// <summary>Gets the id of the map job, when the server returns one; may be <see langword="null"/>.</summary>
    /// <remarks>Inferred: the documented <c>POST /v1/map</c> answer is <c>{ success, links, warning }</c> with no
    /// <c>job_id</c>, although map jobs exist (<c>GET /v1/map/jobs</c>). Expect <see langword="null"/> from the real
    /// service; to find the job, list map jobs filtered by URL.</remarks>
    public string? JobId { get; init; }
}
