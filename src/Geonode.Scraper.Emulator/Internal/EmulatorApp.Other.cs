using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

internal sealed partial class EmulatorApp
{
    private static readonly string[] SiblingSubdomains = ["docs", "blog"];

    private async Task<Reply> MapAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var search = reader.String("search");
        var includeSubdomains = reader.Bool("include_subdomains") ?? true;
        var ignoreQuery = reader.Bool("ignore_query_parameters") ?? true;
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        if (SyntheticWeb.IsSlow(url!))
        {
            return Reply.Error(408, "MAP_TIMEOUT", "URL discovery timed out", retryable: true);
        }

        if (SyntheticWeb.Fails(url!))
        {
            return Reply.Error(400, "TARGET_UNREACHABLE", "The site could not be fetched: connection refused");
        }

        var root = new Uri(url!).GetLeftPart(UriPartial.Authority);
        var links = new List<(string Url, string Source)>();
        if (!SyntheticWeb.IsHost(SyntheticWeb.HostOf(url!), "empty.test"))
        {
            links.AddRange(Enumerable.Range(1, 10).Select(i => ($"{root}/p/{i}", "sitemap")));
            links.AddRange(SyntheticWeb.Links(url!, _options.LinksPerPage).Where(l => SyntheticWeb.HostOf(l) == SyntheticWeb.HostOf(url!)).Select(l => (l, "html")));
            links.Add(($"{root}/search?q=emulator", "html"));
            if (includeSubdomains)
            {
                links.AddRange(SiblingSubdomains.Select(sub => ($"{new Uri(url!).Scheme}://{sub}.{new Uri(url!).Authority}/", "sitemap")));
            }
        }

        var found = links
            .Select(l => (Url: ignoreQuery ? l.Url.Split('?')[0] : l.Url, l.Source))
            .Where(l => search is null || l.Url.Contains(search, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(l => l.Url)
            .ToList();
        var now = Now;
        var id = Guid.NewGuid().ToString();
        var linkArray = new JsonArray(found.Select(l => (JsonNode)new JsonObject { ["url"] = l.Url, ["source"] = l.Source }).ToArray());
        var summary = new JsonObject
        {
            ["job_id"] = id,
            ["url"] = url,
            ["status"] = "completed",
            ["links_count"] = found.Count,
            ["duration_ms"] = (long)_options.PageTime.TotalMilliseconds,
            ["search"] = search,
            ["error_code"] = null,
            ["created_at"] = JobJson.Time(now),
            ["completed_at"] = JobJson.Time(now),
        };
        var detail = (JsonObject)summary.DeepClone();
        detail["tokens_charged"] = 1;
        detail["include_subdomains"] = includeSubdomains;
        detail["ignore_query_parameters"] = ignoreQuery;
        detail["error_message"] = null;
        detail["links"] = linkArray.DeepClone();
        _jobs[id] = new InstantJob("map", id, Interlocked.Increment(ref _sequence), now, detail, summary, [url!], null);

        // The documented answer is {success, links, warning} (API.md §7.1): the job is recorded and listed, its id not given.
        return Reply.Ok(new JsonObject { ["success"] = true, ["links"] = linkArray, ["warning"] = found.Count == 0 ? "No URLs found" : null });
    }

    private async Task<Reply> SearchAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var query = reader.String("query", 1, 1000, required: true);
        var page = reader.Int("page", 1, 20) ?? 1;
        reader.Enum("safe", "off", "moderate", "strict");
        reader.String("locale");
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        var slug = new string(query!.ToLowerInvariant().Where(char.IsLetterOrDigit).Take(24).ToArray());
        slug = slug.Length == 0 ? "result" : slug;
        var results = new JsonArray();
        for (var i = 1; i <= 10; i++)
        {
            var position = ((page - 1) * 10) + i;
            results.Add((JsonNode)new JsonObject
            {
                ["position"] = i,
                ["title"] = $"{query} — result {position.ToString(CultureInfo.InvariantCulture)}",
                ["url"] = $"https://{slug}.example.com/result/{position.ToString(CultureInfo.InvariantCulture)}",
                ["snippet"] = $"Emulated search result {position} for \"{query}\".",
                ["displayed_url"] = $"{slug}.example.com › result › {position}",
                ["source_host"] = $"{slug}.example.com",
            });
        }

        var now = Now;
        var id = Guid.NewGuid().ToString();
        var summary = new JsonObject
        {
            ["job_id"] = id,
            ["query"] = query,
            ["status"] = "completed",
            ["results_count"] = results.Count,
            ["duration_ms"] = (long)_options.PageTime.TotalMilliseconds,
            ["block_reason"] = null,
            ["error_code"] = null,
            ["created_at"] = JobJson.Time(now),
            ["completed_at"] = JobJson.Time(now),
        };
        var detail = (JsonObject)summary.DeepClone();
        detail["results"] = results.DeepClone();
        _jobs[id] = new InstantJob("search", id, Interlocked.Increment(ref _sequence), now, detail, summary, [], query);
        return Reply.Ok(new JsonObject
        {
            ["job_id"] = id,
            ["query"] = query,
            ["page"] = page,
            ["attempts"] = 1,
            ["results"] = results,
            ["suggestions"] = new JsonArray(JsonValue.Create(query + " tutorial")),
            ["spelling_correction"] = null,
        });
    }

    private Reply Usage()
    {
        var now = Now;
        var running = _jobs.Values.Count(j => j is ItemJob && !EmulatedJob.IsTerminal(j.Status(now)));

        // The docs show no shape for /v1/usage (API.md §9): these two fields are the emulator's guess, nothing more.
        return Reply.Ok(new JsonObject
        {
            ["concurrency_in_use"] = running,
            ["concurrency_limit"] = _options.ConcurrencyLimit,
        });
    }

    private Reply Statistics(HttpContext context)
    {
        var problems = new List<JsonObject>();
        var now = Now;
        var end = RequestReader.QueryDate(context, "end_date", problems) ?? now;
        var start = RequestReader.QueryDate(context, "start_date", problems) ?? end.AddDays(-30);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        var items = _jobs.Values.OfType<ItemJob>()
            .SelectMany(j => j.Listed(now).Select(i => (Job: j, Item: i, Status: j.ItemStatus(i, now))))
            .Where(x => x.Status is "completed" or "failed" && x.Item.End >= start && x.Item.End <= end)
            .ToList();
        var byDay = items.GroupBy(x => x.Item.End.UtcDateTime.Date).OrderBy(g => g.Key).ToList();
        var completed = items.Count(x => x.Status == "completed");
        return Reply.Ok(new JsonObject
        {
            ["extraction_count"] = items.Count,
            ["previous_period_extraction_count"] = 0,
            ["success_rate"] = items.Count == 0 ? 0 : completed / (double)items.Count,
            ["average_extraction_duration"] = items.Count == 0 ? 0 : items.Average(x => (x.Item.End - x.Item.Start).TotalMilliseconds),
            ["period_tokens_used"] = completed,
            ["requests"] = new JsonArray(byDay.Select(g => (JsonNode)new JsonObject
            {
                ["date"] = JobJson.Time(new DateTimeOffset(g.Key, TimeSpan.Zero)),
                ["success_request_count"] = g.Count(x => x.Status == "completed"),
                ["failed_request_count"] = g.Count(x => x.Status == "failed"),
            }).ToArray()),
            ["tokens_used"] = new JsonArray(byDay.Select(g => (JsonNode)new JsonObject
            {
                ["date"] = JobJson.Time(new DateTimeOffset(g.Key, TimeSpan.Zero)),
                ["tokens_used"] = g.Count(x => x.Status == "completed"),
            }).ToArray()),
        });
    }

    /// <summary>The emulator's own controls, for an emulator run alone: <c>POST /_emulator/faults</c> adds a fault,
    /// <c>DELETE /_emulator/faults</c> clears them, <c>GET /_emulator/jobs</c> lists the jobs created.</summary>
    private async Task<Reply> ControlAsync(HttpContext context, string method, string what) => (method, what) switch
    {
        ("POST", "faults") => await AddFaultAsync(context),
        ("DELETE", "faults") => ClearFaults(),
        ("GET", "jobs") => Reply.Ok(new JsonObject
        {
            ["jobs"] = new JsonArray(CreatedJobs.Select(j => (JsonNode)new JsonObject
            {
                ["id"] = j.Id,
                ["kind"] = j.Kind,
                ["created_at"] = JobJson.Time(j.CreatedAt),
                ["urls"] = new JsonArray(j.Urls.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
                ["query"] = j.Query,
                ["status"] = j.Status,
            }).ToArray()),
        }),
        (_, "faults" or "jobs") => Reply.MethodNotAllowed(),
        _ => Reply.NoRoute(),
    };

    private Reply ClearFaults()
    {
        Faults.Clear();
        return new Reply(204, null);
    }

    private async Task<Reply> AddFaultAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var kind = reader.Enum("kind", FaultKinds) ?? "status";
        var route = kind == "random" ? reader.String("route") : reader.String("route", 1, 200, required: true);
        var count = reader.Int("count", 1, 1_000_000) ?? 1;
        var statusCode = reader.Int("status_code", 100, 599);
        var retryAfterSeconds = reader.Int("retry_after_seconds", 0, 86_400);
        var retryAfter = reader.String("retry_after");
        var date = reader.String("date");
        var delayMs = reader.Int("delay_ms", 0, 3_600_000) ?? 0;
        var bytes = reader.Int("bytes_per_chunk", 1, 1_000_000) ?? 16;
        var value = reader.String("value");
        var profile = reader.Enum("profile", ProfileNames);
        var rate = reader.Number("rate", 0, 1);
        var seed = reader.Int("seed", int.MinValue, int.MaxValue) ?? 0;
        var kinds = reader.EnumList("kinds", FaultKindNames);
        DateTimeOffset? parsedDate = null;
        if (date is not null)
        {
            if (DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                parsedDate = d;
            }
            else
            {
                reader.Problems.Add(Reply.Problem("Input should be a valid datetime", "datetime_parsing", "body", "date"));
            }
        }

        if (kind == "profile" && profile is null)
        {
            reader.Problems.Add(Reply.Problem("Field required", "missing", "body", "profile"));
        }

        if (kind == "random" && rate is null)
        {
            reader.Problems.Add(Reply.Problem("Field required", "missing", "body", "rate"));
        }

        if (kind == "retry_after" && retryAfter is null)
        {
            reader.Problems.Add(Reply.Problem("Field required", "missing", "body", "retry_after"));
        }

        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        var r = route!;
        switch (kind)
        {
            case "status": Faults.FailNext(r, statusCode ?? 503, count, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null); break;
            case "retry_after": Faults.FailNextWithRetryAfter(r, statusCode ?? 429, retryAfter!, count, parsedDate); break;
            case "drop": Faults.DropNext(r, count); break;
            case "drop_after": Faults.DropNext(r, count, afterProcessing: true); break;
            case "delay": Faults.DelayNext(r, TimeSpan.FromMilliseconds(delayMs), count); break;
            case "trickle": Faults.TrickleNext(r, bytes, TimeSpan.FromMilliseconds(delayMs), count); break;
            case "truncate": Faults.TruncateNext(r, count); break;
            case "html": Faults.HtmlNext(r, count); break;
            case "empty": Faults.EmptyNext(r, count, statusCode ?? 200); break;
            case "content_type": Faults.WrongContentTypeNext(r, value ?? "text/plain", count); break;
            case "job_status": Faults.StatusNext(r, value ?? "throttled", count); break;
            case "profile": Faults.UseProfile(r, FromSnakeCase<EmulatorProfile>(ProfileNames, profile!), count); break;
            default: Faults.Random(rate!.Value, seed, (kinds ?? []).Select(k => FromSnakeCase<EmulatorFaultKind>(FaultKindNames, k)).ToArray()); break;
        }

        return new Reply(201, new JsonObject { ["route"] = route, ["kind"] = kind, ["count"] = count });
    }

    private static readonly string[] FaultKinds =
        ["status", "retry_after", "drop", "drop_after", "delay", "trickle", "truncate", "html", "empty", "content_type", "job_status", "profile", "random"];

    /// <summary>The snake_case names of <see cref="EmulatorProfile"/> members (<c>job_vanishes</c>, ...), in value order.</summary>
    private static readonly string[] ProfileNames = SnakeCaseNames<EmulatorProfile>();

    /// <summary>The snake_case names of <see cref="EmulatorFaultKind"/> members (<c>service_unavailable</c>, ...), in value order.</summary>
    private static readonly string[] FaultKindNames = SnakeCaseNames<EmulatorFaultKind>();

    private static string[] SnakeCaseNames<T>()
        where T : struct, Enum =>
        Enum.GetNames<T>().Select(name => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()))).ToArray();

    private static T FromSnakeCase<T>(string[] names, string name)
        where T : struct, Enum => Enum.GetValues<T>()[Array.IndexOf(names, name)];
}
