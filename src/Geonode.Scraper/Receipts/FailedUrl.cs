using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A URL that failed, with the server's error.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record FailedUrl
{
    /// <summary>Gets the URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the server's error code, if it gave one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the server's error message, if it gave one.</summary>
    public string? ErrorMessage { get; init; }
}
