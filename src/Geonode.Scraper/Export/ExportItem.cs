namespace Geonode.Scraper.Internal;

/// <summary>What the export needs of a page or item.</summary>
internal readonly record struct ExportItem(string Key, string Url, JobStatus Status, string? ErrorCode, string? ErrorMessage, string? Markdown);
