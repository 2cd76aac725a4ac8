using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>Extraction, batch and crawl jobs: start, read (where the profiles act), cancel and list.</summary>
internal sealed partial class EmulatorApp
{
    private static readonly string[] DefaultFormats = ["markdown"];
    private static readonly string[] JobStatuses = ["queued", "processing", "completed", "failed", "cancelled"];
    private static readonly string[] OutputFormats = ["markdown", "html"];
    private readonly object _createLock = new();
    private readonly ConcurrentDictionary<string, byte> _flakyExtracted = new(StringComparer.Ordinal);

    private async Task<Reply> ExtractAsync(HttpContext context, EmulatorProfile? profile)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var config = CommonConfig(reader);
        var mode = reader.Enum("processing_mode", "sync", "async") ?? "sync";
        config["extract_links"] = reader.Bool("extract_links") ?? false;
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        if (mode == "async")
        {
            return Create(profile, now => NewItemJob("extract", config, [Plan(url!, null, -1, 1)], now, profile), job =>
                new Reply(202, new JsonObject { ["job_id"] = job.Id, ["status"] = "queued", ["status_url"] = $"/v1/extract/{job.Id}", ["estimated_tokens"] = 1 }));
        }

        // The one wait on real time: a synchronous answer must not need a test to move a fake clock.
        var pageTime = _options.PageTime * (SyntheticWeb.IsSlow(url!) ? _options.SlowFactor : 1);
        await Task.Delay(pageTime, TimeProvider.System, context.RequestAborted);
        if (Plan(url!, null, -1, 1).Fails)
        {
            return Reply.Error(422, "TARGET_UNREACHABLE", "The target page could not be fetched: connection refused", retryable: true);
        }

        return Reply.Ok(new JsonObject
        {
            ["data"] = JobJson.Content(config, url!, includeLinks: true, _options.LinksPerPage),
            ["metadata"] = JobJson.ExtractMetadata(config, url!, (long)pageTime.TotalMilliseconds, "sync"),
            ["tokens_charged"] = 1,
        });
    }

    private async Task<Reply> StartBatchAsync(HttpContext context, EmulatorProfile? profile)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var config = CommonConfig(reader);
        config["extract_links"] = reader.Bool("extract_links") ?? false;
        reader.Enum("processing_mode", "sync", "async");
        var ignoreInvalid = reader.Bool("ignore_invalid_urls") ?? true;
        var accepted = new List<string>();
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
                    accepted.Add(value);
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

        return Create(
            profile,
            now => NewItemJob("batch", config, accepted.Select(u => Plan(u, null, -1, 1)).ToList(), now, profile, invalid, indexes),
            job => new Reply(202, new JsonObject
            {
                ["job_id"] = job.Id,
                ["status"] = "queued",
                ["status_url"] = $"/v1/batch/{job.Id}",
                ["accepted_urls"] = accepted.Count,
                ["invalid_urls"] = new JsonArray(invalid.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
            }));
    }

    private async Task<Reply> StartCrawlAsync(HttpContext context, EmulatorProfile? profile)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var depth = reader.Int("depth", 1, 10) ?? 2;
        var limit = reader.Int("limit", 1, 10_000) ?? 100;
        var config = CommonConfig(reader);
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

        return Create(
            profile,
            now => NewItemJob("crawl", config, SiteGraph(url!, depth, limit, config["same_domain_only"]!.GetValue<bool>(), config["include_subdomains"]!.GetValue<bool>()), now, profile),
            job => new Reply(202, new JsonObject
            {
                ["job_id"] = job.Id,
                ["url"] = url,
                ["status"] = "queued",
                ["status_url"] = $"/v1/crawl/{job.Id}",
                ["estimated_pages"] = job.Items.Count,
            }));
    }

    /// <summary>Creates a job unless the concurrency limit is enforced and reached (then 429 <c>CONCURRENCY_LIMIT</c>, no job).</summary>
    private Reply Create(EmulatorProfile? profile, Func<DateTimeOffset, ItemJob> create, Func<ItemJob, Reply> answer)
    {
        ItemJob job;
        lock (_createLock)
        {
            var now = Now;
            if (_options.EnforceConcurrencyLimit)
            {
                var running = _jobs.Values.OfType<ItemJob>().Where(j => !EmulatedJob.IsTerminal(j.Status(now))).ToList();
                if (running.Count >= _options.ConcurrencyLimit)
                {
                    var wait = running.Min(j => j.DoneAt) - now;
                    var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
                    return Reply.Error(429, "CONCURRENCY_LIMIT", $"Your plan allows {_options.ConcurrencyLimit} concurrent jobs; {running.Count} are running", retryable: true, seconds.ToString(CultureInfo.InvariantCulture));
                }
            }

            job = create(now);
            _jobs[job.Id] = job;
        }

        Webhooks.Watch(job);
        return answer(job);
    }

    /// <summary>Plans one page; a <c>flaky.test</c> page fails the first time any job extracts it.</summary>
    private PlannedPage Plan(string url, string? parent, int parentIndex, int depth) =>
        new(url, parent, parentIndex, depth, SyntheticWeb.Fails(url) || (SyntheticWeb.IsFlaky(url) && _flakyExtracted.TryAdd(url, 0)));

    /// <summary>Breadth-first over the synthetic web, honouring depth (the seed is depth 1), limit and the domain rules.</summary>
    private List<PlannedPage> SiteGraph(string seed, int maxDepth, int limit, bool sameDomainOnly, bool includeSubdomains)
    {
        var seedHost = SyntheticWeb.HostOf(seed);
        var result = new List<PlannedPage>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { seed };
        var queue = new Queue<(string Url, string? Parent, int ParentIndex, int Depth)>();
        queue.Enqueue((seed, null, -1, 1));
        while (queue.Count > 0 && result.Count < limit)
        {
            var (url, parent, parentIndex, depth) = queue.Dequeue();
            var page = Plan(url, parent, parentIndex, depth);
            var index = result.Count;
            result.Add(page);
            if (depth >= maxDepth || page.Fails)
            {
                continue;
            }

            foreach (var link in SyntheticWeb.Links(url, _options.LinksPerPage))
            {
                var host = SyntheticWeb.HostOf(link);
                var allowed = host.Equals(seedHost, StringComparison.OrdinalIgnoreCase)
                    || (host.EndsWith("." + seedHost, StringComparison.OrdinalIgnoreCase) && (includeSubdomains || !sameDomainOnly))
                    || !sameDomainOnly;
                if (allowed && seen.Add(link))
                {
                    queue.Enqueue((link, url, index, depth + 1));
                }
            }
        }

        return result;
    }

    private ItemJob NewItemJob(string kind, JsonObject config, List<PlannedPage> pages, DateTimeOffset now, EmulatorProfile? profile, List<string>? invalid = null, List<int>? indexes = null)
    {
        var started = now + _options.QueueTime;
        var profiles = SyntheticWeb.Profiles(pages[0].Url).ToHashSet();
        if (profile is { } p)
        {
            profiles.Add(p);
        }

        return new ItemJob(kind, Guid.NewGuid().ToString(), Interlocked.Increment(ref _sequence), now, config, ItemJob.Schedule(pages, started, _options), started)
        {
            InvalidUrls = invalid ?? [],
            InputIndexes = indexes,
            Profiles = profiles,
        };
    }

    /// <summary><c>GET /v1/{extract,batch,crawl}/{id}</c>: the job as of a view time that the profiles may move.</summary>
    private async Task<Reply> ReadJobAsync(HttpContext context, string kind, string id, TakenFault? taken, EmulatorProfile? requestProfile)
    {
        int? page = 1, size = 10;
        if (kind != "extract")
        {
            var problems = new List<JsonObject>();
            page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
            size = RequestReader.QueryInt(context, "page_size", 1, 50, 10, problems);
            if (problems.Count > 0)
            {
                return Reply.Validation(problems);
            }
        }

        if (!_jobs.TryGetValue(id, out var found) || found.Kind != kind || found is not ItemJob job || job.Vanished)
        {
            return Reply.NotFound(kind);
        }

        var read = job.NextRead();
        if (job.Has(EmulatorProfile.JobVanishes) && read > _options.VanishAfterReads)
        {
            job.Vanished = true;
            return Reply.NotFound(kind);
        }

        if (job.Has(EmulatorProfile.RateLimitStorm) && read >= 2 && read < 2 + _options.StormLength)
        {
            return Reply.RateLimited("1");
        }

        if (job.Has(EmulatorProfile.SlowStatus))
        {
            await Task.Delay(_options.SlowStatusDelay, _options.TimeProvider, context.RequestAborted);
        }

        var now = Now;
        var view = ViewTime(job, now, read, taken, requestProfile);
        int? shuffle = job.Has(EmulatorProfile.ShuffledResults) ? (int)(job.Sequence * 7919) + read
            : requestProfile == EmulatorProfile.ShuffledResults ? taken!.Ordinal : null;
        var body = Render(job, view, page!.Value, size!.Value, shuffle);
        if (requestProfile == EmulatorProfile.ZeroResults)
        {
            JobJson.ZeroResults(body);
            body["status"] = "completed";
            body["completed_at"] ??= JobJson.Time(now);
        }

        return Reply.Ok(body);
    }

    /// <summary>The instant whose state a read shows: now, unless a profile makes the answer stale.</summary>
    private DateTimeOffset ViewTime(ItemJob job, DateTimeOffset now, int read, TakenFault? taken, EmulatorProfile? requestProfile)
    {
        var stale = _options.StaleViewTime;
        var view = now;
        if (job.Has(EmulatorProfile.CountersStall) && now > job.Started && stale > TimeSpan.Zero)
        {
            view = job.Started + (stale * Math.Floor((now - job.Started) / stale));
        }

        if (job.Has(EmulatorProfile.CountersBackwards) && read % 2 == 0 && !EmulatedJob.IsTerminal(job.Status(now)))
        {
            view = Max(job.Started, now - stale);
        }

        if (job.Has(EmulatorProfile.StatusBackwards))
        {
            lock (job)
            {
                if (job.Status(view) == "processing")
                {
                    if (job.SeenProcessing && !job.Requeued)
                    {
                        job.Requeued = true;
                        view = job.CreatedAt;
                    }

                    job.SeenProcessing = true;
                }
            }
        }

        return requestProfile switch
        {
            EmulatorProfile.CountersStall => Min(now, taken!.FirstTakenAt),
            EmulatorProfile.CountersBackwards => Max(job.Started, now - stale),
            EmulatorProfile.StatusBackwards => job.CreatedAt,
            _ => view,
        };
    }

    /// <summary>The job's answer at <paramref name="view"/>, as its status endpoint (or a webhook's <c>data</c>) shows it.</summary>
    public JsonObject Render(ItemJob job, DateTimeOffset view, int page = 1, int size = 10, int? shuffle = null)
    {
        var body = job.Kind switch
        {
            "extract" => JobJson.ExtractJob(job, view, _options.LinksPerPage),
            "batch" => JobJson.BatchJob(job, view, page, size, _options.LinksPerPage, shuffle),
            _ => JobJson.CrawlJob(job, view, page, size, _options.LinksPerPage, shuffle),
        };
        if (job.Has(EmulatorProfile.ZeroResults))
        {
            JobJson.ZeroResults(body);
        }

        return body;
    }

    private Reply Cancel(string id, string kind, string inFlightField)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Kind != kind || job is not ItemJob items || items.Vanished)
        {
            return Reply.NotFound(kind);
        }

        Reply reply;
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
            reply = new Reply(202, new JsonObject { ["job_id"] = id, ["status"] = "cancelled", ["status_url"] = $"/v1/{kind}/{id}", [inFlightField] = inFlight });
        }

        Webhooks.Notify(items);
        return reply;
    }

    /// <summary>The job lists, each with exactly the filters API.md gives it (an unknown query parameter is ignored, as FastAPI
    /// does), newest first.</summary>
    private Reply ListJobs(HttpContext context, string kind)
    {
        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 100, kind == "extract" ? 100 : 10, problems);
        var start = RequestReader.QueryDate(context, "start_date", problems);
        var end = RequestReader.QueryDate(context, "end_date", problems);
        var status = RequestReader.QueryEnum(context, kind == "extract" ? "status" : "job_status", JobStatuses, problems);
        var output = kind == "extract" ? RequestReader.QueryEnum(context, "output", OutputFormats, problems) : null;
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        var jobId = kind == "extract" ? Query(context, "job_id") : null;
        var url = kind is "extract" or "map" ? Query(context, "url") : null;
        var text = kind == "search" ? Query(context, "query") : null;
        var now = Now;
        var matching = _jobs.Values
            .Where(j => j.Kind == kind && !j.Vanished)
            .Where(j => status is null || j.Status(now) == status)
            .Where(j => start is null || j.CreatedAt >= start)
            .Where(j => end is null || j.CreatedAt <= end)
            .Where(j => jobId is null || j.Id == jobId)
            .Where(j => output is null || (j.Config["formats"] as JsonArray)?.Any(f => f?.GetValue<string>() == output) == true)
            .Where(j => url is null || j.Urls[0].Contains(url, StringComparison.OrdinalIgnoreCase))
            .Where(j => text is null || (j as InstantJob)?.Query?.Contains(text, StringComparison.OrdinalIgnoreCase) == true)
            .OrderByDescending(j => j.CreatedAt)
            .ThenByDescending(j => j.Sequence)
            .Select(j => Summary(j, now))
            .ToList();
        return Reply.Ok(Page("jobs", matching, page!.Value, size!.Value));
    }

    private static JsonObject Summary(EmulatedJob job, DateTimeOffset now)
    {
        var summary = JobJson.Summary(job, now);
        if (job.Has(EmulatorProfile.ZeroResults))
        {
            JobJson.ZeroResults(summary);
        }

        return summary;
    }

    private static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length > 0 ? value : null;
    }

    private static JsonObject CommonConfig(RequestReader reader)
    {
        var config = new JsonObject
        {
            ["render_js"] = reader.Bool("render_js") ?? false,
            ["formats"] = reader.FormatList(DefaultFormats),
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

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
