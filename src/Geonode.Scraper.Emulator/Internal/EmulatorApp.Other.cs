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
        _jobs[id] = new InstantJob("map", id, now, new JsonObject { ["detail"] = detail }, summary, "completed");
        return Reply.Ok(new JsonObject { ["success"] = true, ["links"] = linkArray, ["warning"] = found.Count == 0 ? "No URLs found" : null, ["job_id"] = id });
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
        _jobs[id] = new InstantJob("search", id, now, new JsonObject { ["detail"] = detail }, summary, "completed");
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
        return Reply.Ok(new JsonObject
        {
            ["concurrency_in_use"] = Math.Min(running, _options.ConcurrencyLimit),
            ["concurrency_limit"] = _options.ConcurrencyLimit,
            ["plan"] = "emulator",
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

    /// <summary><c>POST /_emulator/faults</c>: the fault controls over HTTP, for an emulator started with <c>dotnet run</c>.</summary>
    private async Task<Reply> AddFaultAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var route = reader.String("route", 1, 200, required: true);
        var kind = reader.Enum("kind", "status", "drop", "drop_after", "delay", "truncate", "html", "job_status") ?? "status";
        var count = reader.Int("count", 1, 10_000) ?? 1;
        var statusCode = reader.Int("status_code", 100, 599) ?? 503;
        var retryAfter = reader.Int("retry_after_seconds", 0, 86_400);
        var delayMs = reader.Int("delay_ms", 0, 600_000) ?? 0;
        var value = reader.String("value");
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        switch (kind)
        {
            case "status": Faults.FailNext(route!, statusCode, count, retryAfter is { } s ? TimeSpan.FromSeconds(s) : null); break;
            case "drop": Faults.DropNext(route!, count); break;
            case "drop_after": Faults.DropNext(route!, count, afterProcessing: true); break;
            case "delay": Faults.DelayNext(route!, TimeSpan.FromMilliseconds(delayMs), count); break;
            case "truncate": Faults.TruncateNext(route!, count); break;
            case "html": Faults.HtmlNext(route!, count); break;
            default: Faults.StatusNext(route!, value ?? "throttled", count); break;
        }

        return new Reply(201, new JsonObject { ["route"] = route, ["kind"] = kind, ["count"] = count });
    }
}
