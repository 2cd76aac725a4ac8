using System.Globalization;
using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>Renders emulated jobs in the API's documented shapes.</summary>
internal static class JobJson
{
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? Time(DateTimeOffset? value) => value is { } v ? JsonValue.Create(Time(v)) : null;

    public static JsonObject ExtractJob(ItemJob job, DateTimeOffset now, int linksPerPage)
    {
        var status = job.Status(now);
        var item = job.Items[0];
        var done = status == "completed";
        var failed = status == "failed";
        var result = new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = status,
            ["created_at"] = Time(job.CreatedAt),
            ["completed_at"] = Time(job.CompletedAt(now)),
            ["data"] = done ? Content(job.Config, item.Url, includeLinks: true, linksPerPage) : null,
            ["metadata"] = done ? ExtractMetadata(job.Config, item.Url, (long)(item.End - item.Start).TotalMilliseconds, "async") : null,
            ["error"] = failed
                ? new JsonObject
                {
                    ["code"] = "TARGET_UNREACHABLE",
                    ["message"] = "The target page could not be fetched: connection refused",
                    ["retryable"] = true,
                    ["details"] = new JsonObject { ["host"] = SyntheticWeb.HostOf(item.Url) },
                }
                : null,
            ["tokens_charged"] = EmulatedJob.IsTerminal(status) ? (done ? 1 : 0) : null,
        };
        return result;
    }

    public static JsonObject ExtractMetadata(JsonObject config, string url, long durationMs, string mode) => new()
    {
        ["url"] = url,
        ["render_js"] = config["render_js"]?.DeepClone() ?? false,
        ["http_status"] = 200,
        ["duration_ms"] = durationMs,
        ["retry_count"] = 0,
        ["formats"] = config["formats"]?.DeepClone(),
        ["processing_mode"] = mode,
        ["proxy"] = config["proxy"]?.DeepClone(),
        ["headers"] = config["headers"]?.DeepClone(),
        ["wait_config"] = config["wait_config"]?.DeepClone(),
    };

    /// <summary>The <c>data</c> object: only the requested formats are filled, the others are null.</summary>
    public static JsonObject Content(JsonObject config, string url, bool includeLinks, int linksPerPage)
    {
        var formats = config["formats"] as JsonArray;
        bool Wants(string f) => formats is null ? f == "markdown" : formats.Any(n => n?.GetValue<string>() == f);
        var data = new JsonObject
        {
            ["markdown"] = Wants("markdown") ? SyntheticWeb.Markdown(url) : null,
            ["html"] = Wants("html") ? SyntheticWeb.Html(url) : null,
        };
        if (includeLinks)
        {
            data["links"] = config["extract_links"]?.GetValue<bool>() == true
                ? new JsonArray(SyntheticWeb.Links(url, linksPerPage).Select(l => (JsonNode)JsonValue.Create(l)).ToArray())
                : null;
        }

        return data;
    }

    // shuffleSeed: when set, the items are paged in an order drawn from this seed instead of their own.
    public static JsonObject BatchJob(ItemJob job, DateTimeOffset now, int page, int pageSize, int linksPerPage, int? shuffleSeed = null)
    {
        var statuses = job.Items.Select(i => job.ItemStatus(i, now)).ToList();
        var results = new JsonArray();
        foreach (var item in Order(job.Items, shuffleSeed).Skip((page - 1) * pageSize).Take(pageSize))
        {
            var status = statuses[item.Index];
            results.Add((JsonNode)new JsonObject
            {
                ["input_index"] = job.InputIndexes?[item.Index] ?? item.Index,
                ["url"] = item.Url,
                ["status"] = status,
                ["error_code"] = status == "failed" ? "TARGET_UNREACHABLE" : null,
                ["error_message"] = status == "failed" ? "The target page could not be fetched: connection refused" : null,
                ["data"] = status == "completed" ? Content(job.Config, item.Url, includeLinks: true, linksPerPage) : null,
                ["metadata"] = ItemMetadata(item, status),
            });
        }

        return new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = job.Status(now),
            ["batch_config"] = Config(job.Config, "render_js", "formats", "proxy", "headers"),
            ["token_summary"] = Tokens(job, now),
            ["total_urls"] = job.Items.Count,
            ["completed_urls"] = statuses.Count(s => s == "completed"),
            ["failed_urls"] = statuses.Count(s => s == "failed"),
            ["cancelled_urls"] = statuses.Count(s => s == "cancelled"),
            ["pending_urls"] = statuses.Count(s => s is "pending" or "processing"),
            ["invalid_urls"] = new JsonArray(job.InvalidUrls.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
            ["created_at"] = Time(job.CreatedAt),
            ["completed_at"] = Time(job.CompletedAt(now)),
            ["results"] = results,
        };
    }

    // shuffleSeed: when set, the pages are paged in an order drawn from this seed instead of discovery order.
    public static JsonObject CrawlJob(ItemJob job, DateTimeOffset now, int page, int pageSize, int linksPerPage, int? shuffleSeed = null)
    {
        var listed = job.Listed(now);
        var statuses = listed.Select(i => job.ItemStatus(i, now)).ToList();
        var results = new JsonArray();
        foreach (var item in Order(listed, shuffleSeed).Skip((page - 1) * pageSize).Take(pageSize))
        {
            var status = job.ItemStatus(item, now);
            results.Add((JsonNode)new JsonObject
            {
                ["url"] = item.Url,
                ["parent_url"] = item.ParentUrl,
                ["depth"] = item.Depth,
                ["status"] = status,
                ["error_code"] = status == "failed" ? "TARGET_UNREACHABLE" : null,
                ["error_message"] = status == "failed" ? "The target page could not be fetched: connection refused" : null,
                ["links"] = status == "completed" ? new JsonArray(SyntheticWeb.Links(item.Url, linksPerPage).Select(l => (JsonNode)JsonValue.Create(l)).ToArray()) : new JsonArray(),
                ["data"] = status == "completed" ? Content(job.Config, item.Url, includeLinks: false, linksPerPage) : null,
                ["metadata"] = ItemMetadata(item, status),
            });
        }

        return new JsonObject
        {
            ["job_id"] = job.Id,
            ["url"] = job.SeedUrl,
            ["status"] = job.Status(now),
            ["crawl_config"] = Config(job.Config, "render_js", "formats", "same_domain_only", "include_subdomains", "proxy", "wait_config"),
            ["token_summary"] = Tokens(job, now),
            ["total_pages"] = listed.Count,
            ["completed_pages"] = statuses.Count(s => s == "completed"),
            ["failed_pages"] = statuses.Count(s => s == "failed"),
            ["cancelled_pages"] = statuses.Count(s => s == "cancelled"),
            ["created_at"] = Time(job.CreatedAt),
            ["completed_at"] = Time(job.CompletedAt(now)),
            ["results"] = results,
        };
    }

    public static JsonObject Summary(EmulatedJob job, DateTimeOffset now)
    {
        switch (job)
        {
            case InstantJob instant:
                return (JsonObject)instant.Summary.DeepClone();
            case ItemJob { Kind: "extract" } extract:
                var status = extract.Status(now);
                return new JsonObject
                {
                    ["job_id"] = extract.Id,
                    ["status"] = status,
                    ["url"] = extract.SeedUrl,
                    ["created_at"] = Time(extract.CreatedAt),
                    ["execution_time"] = EmulatedJob.IsTerminal(status) ? (long)(extract.Items[0].End - extract.Items[0].Start).TotalMilliseconds : null,
                    ["output"] = extract.Config["formats"]?.DeepClone(),
                };
            case ItemJob { Kind: "batch" } batch:
                var batchStatuses = batch.Items.Select(i => batch.ItemStatus(i, now)).ToList();
                return new JsonObject
                {
                    ["job_id"] = batch.Id,
                    ["status"] = batch.Status(now),
                    ["accepted_urls"] = batch.Items.Count,
                    ["completed_urls"] = batchStatuses.Count(s => s == "completed"),
                    ["failed_urls"] = batchStatuses.Count(s => s == "failed"),
                    ["config"] = Config(batch.Config, "render_js", "formats", "proxy", "headers", "wait_config"),
                    ["created_at"] = Time(batch.CreatedAt),
                    ["completed_at"] = Time(batch.CompletedAt(now)),
                };
            case ItemJob crawl:
                var listed = crawl.Listed(now);
                return new JsonObject
                {
                    ["job_id"] = crawl.Id,
                    ["url"] = crawl.SeedUrl,
                    ["status"] = crawl.Status(now),
                    ["total_pages"] = listed.Count,
                    ["completed_pages"] = listed.Count(i => crawl.ItemStatus(i, now) == "completed"),
                    ["failed_pages"] = listed.Count(i => crawl.ItemStatus(i, now) == "failed"),
                    ["config"] = Config(crawl.Config, "render_js", "formats", "same_domain_only", "include_subdomains", "proxy", "wait_config"),
                    ["created_at"] = Time(crawl.CreatedAt),
                    ["completed_at"] = Time(crawl.CompletedAt(now)),
                };
            default:
                throw new InvalidOperationException("Unknown job type " + job.GetType().Name);
        }
    }

    /// <summary>Rewrites a job answer or list entry so that it reports no work at all: every counter 0, no results, no
    /// extracted content, nothing charged.</summary>
    public static void ZeroResults(JsonObject job)
    {
        foreach (var field in CounterFields.Where(job.ContainsKey))
        {
            job[field] = 0;
        }

        if (job.ContainsKey("results"))
        {
            job["results"] = new JsonArray();
        }

        if (job["token_summary"] is JsonObject tokens)
        {
            tokens["tokens_charged_total"] = 0;
            tokens["tokens_reserved"] = 0;
        }

        if (job.ContainsKey("data"))
        {
            job["data"] = null;
            job["metadata"] = null;
            job["tokens_charged"] = job["tokens_charged"] is null ? null : 0;
        }
    }

    private static readonly string[] CounterFields =
    [
        "total_urls", "accepted_urls", "completed_urls", "failed_urls", "cancelled_urls", "pending_urls",
        "total_pages", "completed_pages", "failed_pages", "cancelled_pages",
    ];

    private static IEnumerable<WorkItem> Order(IReadOnlyList<WorkItem> items, int? shuffleSeed)
    {
        if (shuffleSeed is not { } seed)
        {
            return items;
        }

        var random = new Random(seed);
        return items.Select(i => (Key: random.Next(), Item: i)).OrderBy(x => x.Key).Select(x => x.Item).ToList();
    }

    private static JsonObject? ItemMetadata(WorkItem item, string status) => status is "completed" or "failed"
        ? new JsonObject
        {
            ["http_status"] = status == "completed" ? 200 : 502,
            ["duration_ms"] = (long)(item.End - item.Start).TotalMilliseconds,
            ["retry_count"] = status == "failed" ? 2 : 0,
            ["tokens_charged"] = status == "completed" ? 1 : 0,
        }
        : null;

    private static JsonObject Tokens(ItemJob job, DateTimeOffset now) => new()
    {
        ["tokens_charged_total"] = job.Charged(now),
        ["tokens_reserved"] = job.Reserved(now),
    };

    private static JsonObject Config(JsonObject config, params string[] fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            result[field] = config[field]?.DeepClone();
        }

        return result;
    }
}
