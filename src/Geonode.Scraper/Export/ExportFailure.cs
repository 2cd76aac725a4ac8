using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A page or item an export could not write, as recorded in the export's manifest.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record ExportFailure
{
    /// <summary>Gets the URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the page's or item's status (for example <c>failed</c>).</summary>
    public required JobStatus Status { get; init; }

    /// <summary>Gets the server's error code, if any.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the reason: the server's error message, or why the export could not write the page.</summary>
    public string? ErrorMessage { get; init; }
}
