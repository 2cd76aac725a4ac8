namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// What a model sees of the tools this server adds to the SDK's agent tools (description and argument schema), and the
/// sentences it appends to those: what a call costs, and how long it waits. The tests compare them with golden files.
/// </summary>
internal static class McpToolSchemas
{
    public const string ScrapeUrlCost = " Billed: one extraction on the user's Geonode account for each new URL.";

    public const string SearchWebCost = " Billed: one search on the user's Geonode account per call.";

    public const string MapSiteCost = " Billed: one map request on the user's Geonode account per call.";

    public static string CrawlSiteNote(string bound) =>
        " Billed: starts a crawl job charged per page read (up to max_pages) on the user's Geonode account. The call answers"
        + $" within {bound} whatever the crawl's size, with the job id and progress so far; to keep the pages as files, use export_crawl.";

    public static string ScrapeUrlsNote(string bound) =>
        " Billed: starts a batch job charged per URL on the user's Geonode account. The call answers"
        + $" within {bound}, with the job id and progress so far; to keep the pages as files, use export_batch.";

    public static string GetJobNote(string bound) =>
        $" While the job is still running, a call without url and skip first waits up to {bound} for it to end (progress is"
        + " reported meanwhile), so calling it again is how to follow a long job; it never cancels the job.";

    public static string ExportDescription(string kind, string startedBy, string bound) =>
        $"Saves every page of a {kind} job ({startedBy}) as files on the user's disk, in a folder under the export root: one"
        + " Markdown file per page in folders that mirror the URLs, or one results.jsonl. Works while the job runs: it writes"
        + $" the pages that are ready and answers within {bound}; call it again with the same job_id and folder until it says"
        + " the export is complete. Nothing is written twice, also after the server restarted. Costs nothing: it reads"
        + " results the job already paid for.";

    public static string ExportSchema(string kind) => $$"""
        {
          "type": "object",
          "properties": {
            "job_id": { "type": "string", "description": "The id of the {{kind}} job to save, as {{(kind == "crawl" ? "crawl_site" : "scrape_urls or retry_failed")}} returned it." },
            "folder": { "type": "string", "description": "The folder to write into, relative to the export root (e.g. example-docs); created if missing. It must be new, or one this job was exported into before." },
            "format": { "type": "string", "enum": ["markdown", "jsonl"], "description": "markdown (the default): one .md file per page. jsonl: one results.jsonl with a line per page as the API returned it.", "default": "markdown" }
          },
          "required": ["job_id", "folder"],
          "additionalProperties": false
        }
        """;

    public const string RetryFailedDescription =
        "Re-runs only the pages of an ended crawl, or the URLs of an ended batch, that failed: starts one new batch job of"
        + " those URLs with the same settings and returns its job id (follow it with get_scrape_job, save it with"
        + " export_batch). Nothing is started when nothing failed. Billed: the new batch is charged per URL on the user's"
        + " Geonode account; calling again for the same job within a few minutes returns the same batch instead of"
        + " starting another.";

    public const string RetryFailedSchema = """
        {
          "type": "object",
          "properties": {
            "job_id": { "type": "string", "description": "The id of the ended crawl or batch job whose failed pages or URLs to run again." }
          },
          "required": ["job_id"],
          "additionalProperties": false
        }
        """;

    public const string CancelJobDescription =
        "Stops a running crawl or batch job: pages not read yet are dropped and not charged; pages already read stay"
        + " readable with get_scrape_job and export_crawl or export_batch. Only when the user asks to stop a job, or a job"
        + " was started by mistake. A job that has already ended is left as it is.";

    public const string CancelJobSchema = """
        {
          "type": "object",
          "properties": {
            "job_id": { "type": "string", "description": "The id of the crawl or batch job to stop." }
          },
          "required": ["job_id"],
          "additionalProperties": false
        }
        """;

    public const string GetReceiptDescription =
        "The receipt of an ended crawl or batch job: how many URLs were submitted, succeeded, failed (each with its error"
        + " code), were cancelled or invalid, and the API tokens charged, with any mismatch between the job's counters and its"
        + " results listed. Use it to tell the user whether every URL came back and what the job cost. Reads only; free.";

    public const string GetReceiptSchema = """
        {
          "type": "object",
          "properties": {
            "job_id": { "type": "string", "description": "The id of the ended crawl or batch job." }
          },
          "required": ["job_id"],
          "additionalProperties": false
        }
        """;

    /// <summary>A time bound as the descriptions say it: <c>25 s</c>, <c>2 min</c>.</summary>
    public static string Duration(TimeSpan time) =>
        time.TotalMinutes >= 1 && time.TotalSeconds % 60 == 0 ? $"{time.TotalMinutes:0} min" : $"{Math.Ceiling(time.TotalSeconds):0} s";
}
