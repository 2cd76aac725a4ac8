namespace Geonode.Scraper.Internal;

/// <summary>One line of an export's manifest: the header (<see cref="Format"/> set) or an entry (<see cref="Key"/> set).</summary>
internal sealed class ExportManifestLine
{
    public const string FormatName = "geonode-export";

    public const int CurrentVersion = 1;

    public string? Format { get; set; }

    public int? Version { get; set; }

    public string? JobId { get; set; }

    public string? Kind { get; set; }

    public string? Export { get; set; }

    /// <summary>Gets or sets the page's identity: the URL of a crawl page, the input index of a batch item.</summary>
    public string? Key { get; set; }

    public string? Url { get; set; }

    /// <summary>Gets or sets the file written, relative to the export folder with <c>/</c>; null for a failure.</summary>
    public string? Path { get; set; }

    public string? Status { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}
