namespace Geonode.Scraper;

/// <summary>The kinds of job the SDK waits for.</summary>
internal enum JobKind
{
    Extract,
    Batch,
    Crawl,
}
