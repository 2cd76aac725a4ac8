namespace Geonode.Scraper.AI.Internal;

/// <summary>One page of a crawl or one item of a batch, as the tools show it.</summary>
internal sealed record JobPageView(string Url, JobStatus Status, string? ErrorCode, string? ErrorMessage, string? Markdown)
{
    public static JobPageView From(CrawlPage page) => new(page.Url, page.Status, page.ErrorCode, page.ErrorMessage, page.Data?.Markdown);

    public static JobPageView From(BatchItem item) => new(item.Url, item.Status, item.ErrorCode, item.ErrorMessage, item.Data?.Markdown);
}
