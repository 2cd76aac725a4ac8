using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// The emulated API: one request delegate with explicit routing (no reflection, trim-safe), job state computed from time,
/// faults applied before and after routing, and every request logged.
/// </summary>
internal sealed partial class EmulatorApp
{
    private static readonly string[] NoFormats = ["markdown"];
    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new();
    private readonly ConcurrentQueue<EmulatorRequest> _log = new();

    public EmulatorApp(EmulatorOptions options, EmulatorFaults faults, WebhookDispatcher webhooks)
    {
        _options = options;
        Faults = faults;
        Webhooks = webhooks;
    }

    public EmulatorFaults Faults { get; }

    public WebhookDispatcher Webhooks { get; }

    public IReadOnlyCollection<EmulatorRequest> Log => _log.ToArray();

    public IEnumerable<EmulatedJob> Jobs => _jobs.Values;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var fault = path.StartsWith("/_emulator", StringComparison.Ordinal) ? null : Faults.Take(method, path);
        var aborted = context.RequestAborted;

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, aborted);
        }

        if (fault is { Kind: EmulatorFaults.FaultKind.Delay })
        {
            await Task.Delay(fault.Delay, aborted);
        }

        if (fault is { Kind: EmulatorFaults.FaultKind.Drop })
        {
            Record(context, 0, fault);
            context.Abort();
            return;
        }

        if (fault is { Kind: EmulatorFaults.FaultKind.Status, OverrideStatus: false })
        {
            if (fault.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var body = fault.Body is null ? Reply.Error(fault.StatusCode, FaultCode(fault.StatusCode), "Injected by the emulator", fault.StatusCode >= 500 || fault.StatusCode == 429).Body : null;
            await WriteAsync(context, fault.StatusCode, body, fault.Body, fault, truncate: false);
            return;
        }

        if (fault is { Kind: EmulatorFaults.FaultKind.Html })
        {
            await WriteAsync(context, 200, null, "<!DOCTYPE html><html><body><h1>Proxy login</h1></body></html>", fault, truncate: false, contentType: "text/html");
            return;
        }

        Reply reply;
        if (path == "/health")
        {
            reply = Reply.Ok(new JsonObject { ["status"] = "ok" });
        }
        else if (!string.Equals(context.Request.Headers["X-Api-Key"].ToString(), _options.ApiKey, StringComparison.Ordinal))
        {
            reply = Reply.Error(401, "UNAUTHORIZED", "Missing or invalid API key");
        }
        else
        {
            reply = await RouteAsync(context, method, path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries));
        }

        if (fault is { Kind: EmulatorFaults.FaultKind.DropAfter })
        {
            Record(context, 0, fault);
            context.Abort();
            return;
        }

        if (fault is { OverrideStatus: true } && reply.Body is JsonObject obj && obj.ContainsKey("status"))
        {
            obj["status"] = fault.Body;
        }

        await WriteAsync(context, reply.Status, reply.Body, null, fault, truncate: fault?.Kind == EmulatorFaults.FaultKind.Truncate);
    }

    private async Task<Reply> RouteAsync(HttpContext context, string method, string[] s)
    {
        if (s.Length < 2 || s[0] != "v1")
        {
            return s.Length == 2 && s[0] == "_emulator" && s[1] == "faults" && method == "POST"
                ? await AddFaultAsync(context)
                : Reply.NotFound("Route");
        }

        var resource = s[1];
        var id = s.Length > 2 ? s[2] : null;
        return (method, resource, s.Length) switch
        {
            ("POST", "extract", 2) => await ExtractAsync(context),
            ("GET", "extract", 3) when id == "jobs" => ListJobs(context, "extract", defaultPageSize: 100),
            ("GET", "extract", 3) => GetJob(id!, "extract", job => JobJson.ExtractJob((ItemJob)job, Now, _options.LinksPerPage)),
            ("POST", "batch", 2) => await StartBatchAsync(context),
            ("GET", "batch", 3) when id == "jobs" => ListJobs(context, "batch", defaultPageSize: 10),
            ("GET", "batch", 3) => ResultPage(context, id!, "batch"),
            ("DELETE", "batch", 3) => Cancel(id!, "batch", "in_flight_urls"),
            ("POST", "crawl", 2) => await StartCrawlAsync(context),
            ("GET", "crawl", 3) when id == "jobs" => ListJobs(context, "crawl", defaultPageSize: 10),
            ("GET", "crawl", 3) => ResultPage(context, id!, "crawl"),
            ("DELETE", "crawl", 3) => Cancel(id!, "crawl", "in_flight_pages"),
            ("POST", "map", 2) => await MapAsync(context),
            ("GET", "map", 3) when id == "jobs" => ListJobs(context, "map", defaultPageSize: 10),
            ("GET", "map", 3) => GetJob(id!, "map", job => (JsonObject)((InstantJob)job).Config["detail"]!.DeepClone()),
            ("POST", "search", 2) => await SearchAsync(context),
            ("GET", "search", 3) when id == "jobs" => ListJobs(context, "search", defaultPageSize: 10),
            ("GET", "search", 3) => GetJob(id!, "search", job => (JsonObject)((InstantJob)job).Config["detail"]!.DeepClone()),
            ("GET", "usage", 2) => Usage(),
            ("GET", "statistics", 2) => Statistics(context),
            (_, "webhooks", _) => await Webhooks.RouteAsync(context, method, s),
            _ => new Reply(405, new JsonObject { ["detail"] = "Method Not Allowed" }),
        };
    }

    private Reply GetJob(string id, string kind, Func<EmulatedJob, JsonObject> render) =>
        _jobs.TryGetValue(id, out var job) && job.Kind == kind ? Reply.Ok(render(job)) : Reply.NotFound("Job");

    private async Task<Reply> ExtractAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var config = CommonConfig(reader, NoFormats);
        var mode = reader.Enum("processing_mode", "sync", "async") ?? "sync";
        config["extract_links"] = reader.Bool("extract_links") ?? false;
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        var now = Now;
        var job = NewItemJob("extract", config, [(url!, null, -1, 1)], now);
        if (mode == "async")
        {
            _jobs[job.Id] = job;
            return new Reply(202, new JsonObject { ["job_id"] = job.Id, ["status"] = "queued", ["status_url"] = $"/v1/extract/{job.Id}", ["estimated_tokens"] = 1 });
        }

        await Task.Delay(_options.PageTime * (SyntheticWeb.IsSlow(url!) ? _options.SlowFactor : 1), _options.TimeProvider, context.RequestAborted);
        if (SyntheticWeb.Fails(url!))
        {
            return Reply.Error(422, "TARGET_UNREACHABLE", "The target page could not be fetched: connection refused", retryable: true);
        }

        var item = job.Items[0];
        return Reply.Ok(new JsonObject
        {
            ["data"] = JobJson.Content(config, url!, includeLinks: true, _options.LinksPerPage),
            ["metadata"] = JobJson.ExtractMetadata(config, item, "sync"),
            ["tokens_charged"] = 1,
        });
    }

    private async Task<Reply> StartBatchAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var config = CommonConfig(reader, NoFormats);
        config["extract_links"] = reader.Bool("extract_links") ?? false;
        var ignoreInvalid = reader.Bool("ignore_invalid_urls") ?? true;
        var accepted = new List<(string, string?, int, int)>();
        var indexes = new List<int>();
        var invalid = new List<string>();
        if (reader.Body["urls"] is not JsonArray urls)
        {
            reader.Problems.Add(Reply.Problem(reader.Body["urls"] is null ? "Field required" : "Input should be a valid list", reader.Body["urls"] is null ? "missing" : "list_type", "body", "urls"));
        }
        else if (urls.Count is 0 or > 1000)
        {
            reader.Problems.Add(Reply.Problem(urls.Count == 0 ? "List should have at least 1 item after validation, not 0" : $"List should have at most 1000 items after validation, not {urls.Count}", urls.Count == 0 ? "too_short" : "too_long", "body", "urls"));
        }
        else
        {
            for (var i = 0; i < urls.Count; i++)
            {
                var value = urls[i]?.GetValueKind() == JsonValueKind.String ? urls[i]!.GetValue<string>() : urls[i]?.ToJsonString() ?? "null";
                if (RequestReader.IsHttpUrl(value))
                {
                    accepted.Add((value, null, -1, 1));
                    indexes.Add(i);
                }
                else if (ignoreInvalid)
                {
                    invalid.Add(value);
                }
                else
                {
                    reader.Problems.Add(Reply.Problem("Input should be a valid URL, relative URL without a base", "url_parsing", "body", "urls", i));
                }
            }

            if (accepted.Count == 0 && reader.Problems.Count == 0)
            {
                reader.Problems.Add(Reply.Problem("No valid URL in the batch", "value_error", "body", "urls"));
            }
        }

        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        var job = NewItemJob("batch", config, accepted, Now, invalid, indexes);
        _jobs[job.Id] = job;
        return new Reply(202, new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = "queued",
            ["status_url"] = $"/v1/batch/{job.Id}",
            ["accepted_urls"] = accepted.Count,
            ["invalid_urls"] = new JsonArray(invalid.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
        });
    }

    private async Task<Reply> StartCrawlAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var depth = reader.Int("depth", 1, 10) ?? 2;
        var limit = reader.Int("limit", 1, 10_000) ?? 100;
        var config = CommonConfig(reader, NoFormats);
        config["same_domain_only"] = reader.Bool("same_domain_only") ?? true;
        config["include_subdomains"] = reader.Bool("include_subdomains") ?? false;
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        if (depth > _options.PlanMaxCrawlDepth)
        {
            return Reply.Error(422, "VALIDATION_ERROR", $"Crawl depth {depth} exceeds your plan's maximum of {_options.PlanMaxCrawlDepth}");
        }

        var pages = SiteGraph(url!, depth, limit, config["same_domain_only"]!.GetValue<bool>(), config["include_subdomains"]!.GetValue<bool>());
        var job = NewItemJob("crawl", config, pages, Now);
        _jobs[job.Id] = job;
        return new Reply(202, new JsonObject
        {
            ["job_id"] = job.Id,
            ["url"] = url,
            ["status"] = "queued",
            ["status_url"] = $"/v1/crawl/{job.Id}",
            ["estimated_pages"] = pages.Count,
        });
    }

    /// <summary>Breadth-first over the synthetic web, honouring depth (the seed is depth 1), limit and the domain rules.</summary>
    private List<(string Url, string? Parent, int ParentIndex, int Depth)> SiteGraph(string seed, int maxDepth, int limit, bool sameDomainOnly, bool includeSubdomains)
    {
        var seedHost = SyntheticWeb.HostOf(seed);
        var result = new List<(string, string?, int, int)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { seed };
        var queue = new Queue<(string Url, string? Parent, int ParentIndex, int Depth)>();
        queue.Enqueue((seed, null, -1, 1));
        while (queue.Count > 0 && result.Count < limit)
        {
            var page = queue.Dequeue();
            var index = result.Count;
            result.Add(page);
            if (page.Depth >= maxDepth || SyntheticWeb.Fails(page.Url))
            {
                continue;
            }

            foreach (var link in SyntheticWeb.Links(page.Url, _options.LinksPerPage))
            {
                var host = SyntheticWeb.HostOf(link);
                var allowed = host.Equals(seedHost, StringComparison.OrdinalIgnoreCase)
                    || (host.EndsWith("." + seedHost, StringComparison.OrdinalIgnoreCase) && (includeSubdomains || !sameDomainOnly))
                    || !sameDomainOnly;
                if (allowed && seen.Add(link))
                {
                    queue.Enqueue((link, page.Url, index, page.Depth + 1));
                }
            }
        }

        return result;
    }

    private Reply ResultPage(HttpContext context, string id, string kind)
    {
        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 50, 10, problems);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        if (!_jobs.TryGetValue(id, out var job) || job.Kind != kind || job is not ItemJob items)
        {
            return Reply.NotFound("Job");
        }

        return Reply.Ok(kind == "batch"
            ? JobJson.BatchJob(items, Now, page!.Value, size!.Value, _options.LinksPerPage)
            : JobJson.CrawlJob(items, Now, page!.Value, size!.Value, _options.LinksPerPage));
    }

    private Reply Cancel(string id, string kind, string inFlightField)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Kind != kind || job is not ItemJob items)
        {
            return Reply.NotFound("Job");
        }

        lock (items)
        {
            var now = Now;
            var status = items.Status(now);
            if (EmulatedJob.IsTerminal(status))
            {
                return Reply.Error(409, "JOB_NOT_CANCELLABLE", $"Job is already {status} and can no longer be cancelled");
            }

            items.CancelledAt = now;
            var inFlight = items.Items.Count(i => i.Start <= now && now < i.End && items.IsListed(i, now));
            return new Reply(202, new JsonObject { ["job_id"] = id, ["status"] = "cancelled", ["status_url"] = $"/v1/{kind}/{id}", [inFlightField] = inFlight });
        }
    }

    private Reply ListJobs(HttpContext context, string kind, int defaultPageSize)
    {
        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 100, defaultPageSize, problems);
        var start = RequestReader.QueryDate(context, "start_date", problems);
        var end = RequestReader.QueryDate(context, "end_date", problems);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        var now = Now;
        var status = First(context, "status", "job_status");
        var url = First(context, "url");
        var query = First(context, "query");
        var jobId = First(context, "job_id");
        var matching = _jobs.Values
            .Where(j => j.Kind == kind)
            .Where(j => status is null || j.Status(now) == status)
            .Where(j => start is null || j.CreatedAt >= start)
            .Where(j => end is null || j.CreatedAt <= end)
            .Where(j => jobId is null || j.Id == jobId)
            .Select(j => JobJson.Summary(j, now))
            .Where(j => url is null || (j["url"]?.GetValue<string>() ?? string.Empty).Contains(url, StringComparison.OrdinalIgnoreCase))
            .Where(j => query is null || (j["query"]?.GetValue<string>() ?? string.Empty).Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(j => j["created_at"]!.GetValue<string>(), StringComparer.Ordinal)
            .ThenBy(j => j["job_id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        return Reply.Ok(Page("jobs", matching, page!.Value, size!.Value));
    }

    internal static JsonObject Page(string itemsName, List<JsonObject> all, int page, int size) => new()
    {
        [itemsName] = new JsonArray(all.Skip((page - 1) * size).Take(size).Select(j => (JsonNode)j).ToArray()),
        ["page"] = page,
        ["page_size"] = size,
        ["page_count"] = (all.Count + size - 1) / size,
    };

    private static string? First(HttpContext context, params string[] names)
    {
        foreach (var name in names)
        {
            var value = context.Request.Query[name].ToString();
            if (value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    private ItemJob NewItemJob(string kind, JsonObject config, IReadOnlyList<(string Url, string? Parent, int ParentIndex, int Depth)> urls, DateTimeOffset now, List<string>? invalid = null, List<int>? indexes = null)
    {
        var started = now + _options.QueueTime;
        return new ItemJob(kind, Guid.NewGuid().ToString(), now, config, urls[0].Url, ItemJob.Schedule(urls, started, _options), started)
        {
            InvalidUrls = invalid ?? [],
            InputIndexes = indexes,
        };
    }

    private static JsonObject CommonConfig(RequestReader reader, string[] defaultFormats)
    {
        var config = new JsonObject
        {
            ["render_js"] = reader.Bool("render_js") ?? false,
            ["formats"] = reader.FormatList(defaultFormats),
            ["proxy"] = reader.Clone("proxy") ?? new JsonObject { ["country"] = null, ["type"] = "residential" },
            ["headers"] = reader.Clone("headers"),
            ["wait_config"] = reader.Clone("wait_config"),
        };
        if (config["proxy"] is JsonObject proxy && proxy["type"] is { } type && type.GetValueKind() == JsonValueKind.String
            && type.GetValue<string>() is not ("residential" or "datacenter" or "mix"))
        {
            reader.Problems.Add(Reply.Problem("Input should be 'residential', 'datacenter' or 'mix'", "enum", "body", "proxy", "type"));
        }

        return config;
    }

    private static string FaultCode(int status) => status switch
    {
        401 => "UNAUTHORIZED",
        402 => "INSUFFICIENT_BALANCE",
        404 => "NOT_FOUND",
        409 => "CONFLICT",
        429 => "RATE_LIMITED",
        >= 500 => "INTERNAL_ERROR",
        _ => "ERROR",
    };

    private async Task WriteAsync(HttpContext context, int status, JsonNode? body, string? rawBody, EmulatorFaults.Fault? fault, bool truncate, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        Record(context, status, fault);
        if (status == 204)
        {
            return;
        }

        var bytes = rawBody is not null ? Encoding.UTF8.GetBytes(rawBody) : body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString());
        if (truncate)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        if (bytes.Length > 0)
        {
            context.Response.ContentType = contentType;
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private void Record(HttpContext context, int status, EmulatorFaults.Fault? fault) =>
        _log.Enqueue(new EmulatorRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, status, fault?.Describe()));
}
