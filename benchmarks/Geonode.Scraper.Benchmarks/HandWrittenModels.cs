namespace Geonode.Scraper.Benchmarks;

// What a developer writes without the SDK (DESIGN §11's hand-written alternative): mutable POCOs with the same members as
// the SDK's models, statuses and enumerations as plain strings, read with reflection-based options (snake_case names).
#pragma warning disable CA1002, CA2227 // settable List<T>: the obvious hand-written shape

public sealed class BatchJobPoco
{
    public string JobId { get; set; } = "";
    public string Status { get; set; } = "";
    public BatchConfigPoco? BatchConfig { get; set; }
    public TokenSummaryPoco? TokenSummary { get; set; }
    public int TotalUrls { get; set; }
    public int CompletedUrls { get; set; }
    public int FailedUrls { get; set; }
    public int CancelledUrls { get; set; }
    public int PendingUrls { get; set; }
    public List<string> InvalidUrls { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<BatchItemPoco> Results { get; set; } = [];
}

public sealed class BatchItemPoco
{
    public int InputIndex { get; set; }
    public string Url { get; set; } = "";
    public string? Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public PageContentPoco? Data { get; set; }
    public PageMetadataPoco? Metadata { get; set; }
}

public sealed class BatchConfigPoco
{
    public bool? RenderJs { get; set; }
    public List<string>? Formats { get; set; }
    public ProxyPoco? Proxy { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
}

public sealed class ProxyPoco
{
    public string? Country { get; set; }
    public string? Type { get; set; }
}

public sealed class TokenSummaryPoco
{
    public int TokensChargedTotal { get; set; }
    public int TokensReserved { get; set; }
}

public sealed class PageContentPoco
{
    public string? Markdown { get; set; }
    public string? Html { get; set; }
    public List<string>? Links { get; set; }
}

public sealed class PageMetadataPoco
{
    public int? HttpStatus { get; set; }
    public long? DurationMs { get; set; }
    public int? RetryCount { get; set; }
    public int? TokensCharged { get; set; }
}

public sealed class CrawlJobPoco
{
    public string JobId { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Url { get; set; }
    public TokenSummaryPoco? TokenSummary { get; set; }
    public int TotalPages { get; set; }
    public int CompletedPages { get; set; }
    public int FailedPages { get; set; }
    public int CancelledPages { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<CrawlPagePoco> Results { get; set; } = [];
}

public sealed class CrawlPagePoco
{
    public string Url { get; set; } = "";
    public string? ParentUrl { get; set; }
    public int Depth { get; set; }
    public string? Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public List<string>? Links { get; set; }
    public PageContentPoco? Data { get; set; }
    public PageMetadataPoco? Metadata { get; set; }
}
