namespace Geonode.Scraper.Mcp.Jobs;

/// <summary>The kinds of job the tools start and follow.</summary>
internal enum JobKind
{
    /// <summary>A crawl: pages found by following links from a seed.</summary>
    Crawl,

    /// <summary>A batch: a list of known URLs.</summary>
    Batch,

    /// <summary>An asynchronous extraction of one page.</summary>
    Extract,
}
