namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// What a model sees of each tool: its description and the JSON schema of its arguments. Written for a model choosing
/// between tools: what each is for, when another fits better, and what it costs. The tests compare them with golden files.
/// </summary>
internal static class ToolSchemas
{
    public const string ScrapeUrlDescription =
        "Reads one web page and returns its main content as Markdown. Use it when you know the exact URL. "
        + "Long pages are cut to fit; the note at the end says how to read on with start_at. "
        + "Each new URL costs API credits; repeating the same call within a few minutes reuses the first result.";

    public const string ScrapeUrl = """
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "The absolute http(s) URL of the page, e.g. https://example.com/pricing." },
            "render_js": { "type": "boolean", "description": "Run the page's JavaScript in a browser before reading it. Only for pages that came back empty or say JavaScript is required: slower and costs more.", "default": false },
            "start_at": { "type": "integer", "minimum": 0, "description": "Character offset to continue a long page from, as given in the truncation note of an earlier call. 0 (the default) for the beginning.", "default": 0 }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """;

    public const string SearchWebDescription =
        "Searches the web and returns the top results with title, URL and snippet. Use it to find pages when you do not know "
        + "their URL; then read the best ones with scrape_url (one) or scrape_urls (several).";

    public const string SearchWeb = """
        {
          "type": "object",
          "properties": {
            "query": { "type": "string", "maxLength": 1000, "description": "What to search for, as you would type it into a search engine." },
            "page": { "type": "integer", "minimum": 1, "maximum": 20, "description": "The page of results: 1 (the default) for the top results, 2 for the next ones.", "default": 1 }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """;

    public const string MapSiteDescription =
        "Lists the URLs of a website, found from its sitemaps and links, without reading the pages. Use it to find the right "
        + "pages of a site, then read them with scrape_url or scrape_urls. Fast and cheap.";

    public const string MapSite = """
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "The site's address, e.g. https://example.com." },
            "search": { "type": "string", "description": "Optional: keep only URLs relevant to this term, e.g. pricing or docs." }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """;

    public static string CrawlSiteDescription(ScraperAIFunctionOptions options) =>
        "Reads many pages of one website by following its links from a start page, waits for them, and returns a summary: "
        + "the job id, how many pages were read, and each page's URL with the start of its text. Use it to survey a site or "
        + "a section; read one of its pages in full with get_scrape_job (job_id and url). "
        + $"Slower and costlier than the other tools: if you need only a few known pages, use map_site and scrape_urls. "
        + $"Waits at most {Duration(options.ToolTimeout)}; a crawl still running then keeps going, and get_scrape_job reads it later.";

    public static string CrawlSite(ScraperAIFunctionOptions options) => $$"""
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "The start page, e.g. https://example.com/docs/." },
            "max_pages": { "type": "integer", "minimum": 1, "maximum": {{options.MaxCrawlPages}}, "description": "The most pages to read, 1 to {{options.MaxCrawlPages}}; each page costs API credits. Default {{Math.Min(10, options.MaxCrawlPages)}}.", "default": {{Math.Min(10, options.MaxCrawlPages)}} },
            "depth": { "type": "integer", "minimum": 1, "maximum": 5, "description": "How many links away from the start page to go: 1 = the start page only, 2 = it and the pages it links to. Default 2.", "default": 2 }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """;

    public static string ScrapeUrlsDescription(ScraperAIFunctionOptions options) =>
        $"Reads several known web pages at once (up to {options.MaxBatchUrls}) as one batch job, waits for them, and returns "
        + "a summary: the job id and each URL with the start of its text or its error. Read one of them in full with "
        + "get_scrape_job (job_id and url). Use it instead of many scrape_url calls. "
        + $"Waits at most {Duration(options.ToolTimeout)}; a batch still running then keeps going, and get_scrape_job reads it later.";

    public static string ScrapeUrls(ScraperAIFunctionOptions options) => $$"""
        {
          "type": "object",
          "properties": {
            "urls": { "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": {{options.MaxBatchUrls}}, "description": "The absolute http(s) URLs of the pages, 1 to {{options.MaxBatchUrls}}." }
          },
          "required": ["urls"],
          "additionalProperties": false
        }
        """;

    public const string GetJobDescription =
        "Reads a crawl or batch job that crawl_site or scrape_urls started, by its job id: its status and pages with the start "
        + "of their text, the pages after those already shown (skip), or one page in full (url). Starts nothing and costs nothing.";

    public const string GetJob = """
        {
          "type": "object",
          "properties": {
            "job_id": { "type": "string", "description": "The job id that crawl_site or scrape_urls returned." },
            "url": { "type": "string", "description": "Optional: the URL of one page of the job, to read that page in full as Markdown instead of the list." },
            "skip": { "type": "integer", "minimum": 0, "description": "Optional: how many pages of the list to skip, to see the ones after those already shown. Default 0.", "default": 0 },
            "start_at": { "type": "integer", "minimum": 0, "description": "Optional, with url: character offset to continue a long page from, as given in a truncation note. Default 0.", "default": 0 }
          },
          "required": ["job_id"],
          "additionalProperties": false
        }
        """;

    private static string Duration(TimeSpan time) =>
        time == Timeout.InfiniteTimeSpan ? "until the job ends"
        : time.TotalMinutes >= 1 && time.TotalMinutes == Math.Floor(time.TotalMinutes) ? $"{time.TotalMinutes:0} min"
        : $"{Math.Ceiling(time.TotalSeconds):0} s";
}
