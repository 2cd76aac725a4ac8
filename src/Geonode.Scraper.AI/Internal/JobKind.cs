namespace Geonode.Scraper.AI.Internal;

/// <summary>The kinds of job the tools start or read.</summary>
internal enum JobKind
{
    Extract,
    Batch,
    Crawl,
}
