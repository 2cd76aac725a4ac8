using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How an export (<see cref="BatchOperation.ExportAsync"/>, <see cref="CrawlOperation.ExportAsync"/>) writes a job's results to disk.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public enum ExportFormat
{
    /// <summary>One Markdown file per page, in folders that mirror the URL: <c>host/path/page.md</c> (<c>index.md</c> for
    /// <c>/</c> and paths ending in <c>/</c>).</summary>
    Markdown,

    /// <summary>One JSON Lines file (<c>results.jsonl</c>) with one line per page or item, as the API returned it.</summary>
    Jsonl,
}
