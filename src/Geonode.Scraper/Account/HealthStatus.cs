using System.Net;

namespace Geonode.Scraper;

/// <summary>The answer of <c>GET /health</c>. Any 2xx is healthy; the body's shape is not documented and is kept raw.</summary>
/// <remarks>Inferred: "any 2xx is healthy" and the <c>status</c> field are assumptions; the docs list the endpoint only.</remarks>
public sealed record HealthStatus
{
    /// <summary>Gets a value indicating whether the service answered with a success status.</summary>
    public bool IsHealthy { get; init; }

    /// <summary>Gets the HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; init; }

    /// <summary>Gets the <c>status</c> field of a JSON body, if there was one.</summary>
    public string? Status { get; init; }

    /// <summary>Gets the body as text (cut to 4 KB).</summary>
    public string? RawBody { get; init; }
}
