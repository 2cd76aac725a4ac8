using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Geonode.Scraper.Tests.Support;

/// <summary>
/// A stateful stand-in for the batch and crawl endpoints, computed from a clock at every request (as the emulator does), for
/// unit tests over MockHttp: start, status with result pages, cancel, the job lists and usage. A job stays <c>queued</c> for
/// <see cref="QueueTime"/>, then settles one item per <see cref="PageTime"/> in order; an item whose URL contains
/// <c>fail</c> fails with <c>TARGET_UNREACHABLE</c>; a completed item charges one token. A crawl finds its seed and four
/// more pages (<c>a</c>, <c>b</c>, <c>fail-c</c>, <c>d</c>). Job ids are numbered, so two instances driven the same way
/// answer the same. Every request is logged with the clock's time and its body.
/// </summary>
public sealed class FakeJobApi
{
    public static readonly TimeSpan QueueTime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PageTime = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly List<Job> _jobs = [];
    private readonly TimeProvider _clock;

    public FakeJobApi(TimeProvider clock) => _clock = clock;

    /// <summary>Gets every request: clock time since the first, method, path and query, body.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Creates a batch as if a POST had reached the API (its answer lost): for ledger resume tests.</summary>
    public string CreateBatch(IReadOnlyList<string> urls)
    {
        lock (_lock)
        {
            return Add("batch", urls, new JsonObject { ["urls"] = new JsonArray([.. urls.Select(u => (JsonNode)u)]) }).Id;
        }
    }

    /// <summary>Answers one request (use it as a MockHttp responder).</summary>
    public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync();
        var path = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var query = HttpUtility.ParseQueryString(request.RequestUri.Query);
        lock (_lock)
        {
            Log.Add($"{_clock.GetUtcNow() - TestClock.Epoch} {request.Method} {request.RequestUri.PathAndQuery} {body}");
            var (status, json) = (request.Method.Method, path) switch
            {
                ("GET", ["v1", "usage"]) => (HttpStatusCode.OK, (JsonNode)new JsonObject { ["concurrency_in_use"] = 0, ["concurrency_limit"] = 2 }),
                ("POST", ["v1", "batch" or "crawl"]) => Start(path[1], JsonNode.Parse(body!)!.AsObject()),
                ("GET", ["v1", "batch" or "crawl", "jobs"]) => List(path[1], query),
                ("GET", ["v1", "batch" or "crawl", var id]) => Read(path[1], id, query),
                ("DELETE", ["v1", "batch" or "crawl", var id]) => Cancel(path[1], id),
                _ => throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri}"),
            };
            var response = new HttpResponseMessage(status) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
            response.Headers.Date = _clock.GetUtcNow();
            return response;
        }
    }

    private (HttpStatusCode, JsonNode) Start(string kind, JsonObject request)
    {
        if (kind == "batch")
        {
            var urls = request["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
            var batch = Add(kind, urls, request);
            return (HttpStatusCode.Accepted, new JsonObject
            {
                ["job_id"] = batch.Id,
                ["status"] = "queued",
                ["status_url"] = "/v1/batch/" + batch.Id,
                ["accepted_urls"] = urls.Count,
                ["invalid_urls"] = new JsonArray(),
            });
        }

        var seed = request["url"]!.GetValue<string>();
        var crawl = Add(kind, [seed, seed + "a", seed + "b", seed + "fail-c", seed + "d"], request);
        return (HttpStatusCode.Accepted, new JsonObject
        {
            ["job_id"] = crawl.Id,
            ["url"] = seed,
            ["status"] = "queued",
            ["status_url"] = "/v1/crawl/" + crawl.Id,
            ["estimated_pages"] = 5,
        });
    }

    private Job Add(string kind, IReadOnlyList<string> urls, JsonObject request)
    {
        var job = new Job(kind, $"00000000-0000-4000-8000-{_jobs.Count + 1:D12}", _clock.GetUtcNow(), urls, request);
        _jobs.Add(job);
        return job;
    }

    private (HttpStatusCode, JsonNode) Read(string kind, string id, System.Collections.Specialized.NameValueCollection query)
    {
        if (_jobs.FirstOrDefault(j => j.Id == id && j.Kind == kind) is not { } job)
        {
            return (HttpStatusCode.NotFound, Error("NOT_FOUND", "No such job"));
        }

        var page = int.Parse(query["page"] ?? "1", CultureInfo.InvariantCulture);
        var size = int.Parse(query["page_size"] ?? "10", CultureInfo.InvariantCulture);
        var now = _clock.GetUtcNow();
        var statuses = job.Urls.Select((_, i) => job.ItemStatus(i, now)).ToList();
        var results = new JsonArray();
        for (var i = (page - 1) * size; i < Math.Min(job.Urls.Count, page * size); i++)
        {
            var item = new JsonObject
            {
                ["url"] = job.Urls[i],
                ["status"] = statuses[i],
                ["error_code"] = statuses[i] == "failed" ? "TARGET_UNREACHABLE" : null,
                ["error_message"] = statuses[i] == "failed" ? "The site could not be reached." : null,
                ["data"] = statuses[i] == "completed" ? new JsonObject { ["markdown"] = "# " + job.Urls[i] } : null,
            };
            if (kind == "batch")
            {
                item["input_index"] = i;
            }
            else
            {
                item["depth"] = i == 0 ? 1 : 2;
                item["parent_url"] = i == 0 ? null : job.Urls[0];
            }

            results.Add(item);
        }

        var completed = statuses.Count(s => s == "completed");
        var failed = statuses.Count(s => s == "failed");
        var cancelled = statuses.Count(s => s == "cancelled");
        var body = new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = job.Status(now),
            ["created_at"] = job.Created.ToString("O", CultureInfo.InvariantCulture),
            ["completed_at"] = job.EndedAt(now)?.ToString("O", CultureInfo.InvariantCulture),
            ["token_summary"] = new JsonObject { ["tokens_charged_total"] = completed, ["tokens_reserved"] = 0 },
            ["results"] = results,
        };
        var config = new JsonObject { ["render_js"] = job.Request["render_js"]?.DeepClone(), ["formats"] = job.Request["formats"]?.DeepClone() };
        if (kind == "batch")
        {
            body["batch_config"] = config;
            body["total_urls"] = job.Urls.Count;
            body["completed_urls"] = completed;
            body["failed_urls"] = failed;
            body["cancelled_urls"] = cancelled;
            body["pending_urls"] = job.Urls.Count - completed - failed - cancelled;
            body["invalid_urls"] = new JsonArray();
        }
        else
        {
            body["url"] = job.Urls[0];
            body["crawl_config"] = config;
            body["total_pages"] = job.Urls.Count;
            body["completed_pages"] = completed;
            body["failed_pages"] = failed;
            body["cancelled_pages"] = cancelled;
        }

        return (HttpStatusCode.OK, body);
    }

    private (HttpStatusCode, JsonNode) Cancel(string kind, string id)
    {
        if (_jobs.FirstOrDefault(j => j.Id == id && j.Kind == kind) is not { } job)
        {
            return (HttpStatusCode.NotFound, Error("NOT_FOUND", "No such job"));
        }

        var now = _clock.GetUtcNow();
        if (job.EndedAt(now) is not null)
        {
            return (HttpStatusCode.Conflict, Error("JOB_NOT_CANCELLABLE", "The job has already ended."));
        }

        job.CancelledAt = now;
        return (HttpStatusCode.Accepted, new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = "cancelled",
            ["status_url"] = $"/v1/{kind}/{job.Id}",
            [kind == "batch" ? "in_flight_urls" : "in_flight_pages"] = 0,
        });
    }

    private (HttpStatusCode, JsonNode) List(string kind, System.Collections.Specialized.NameValueCollection query)
    {
        var now = _clock.GetUtcNow();
        var jobs = new JsonArray();
        foreach (var job in _jobs.Where(j => j.Kind == kind).Reverse())
        {
            var statuses = job.Urls.Select((_, i) => job.ItemStatus(i, now)).ToList();
            var summary = new JsonObject
            {
                ["job_id"] = job.Id,
                ["status"] = job.Status(now),
                ["completed_" + (kind == "batch" ? "urls" : "pages")] = statuses.Count(s => s == "completed"),
                ["failed_" + (kind == "batch" ? "urls" : "pages")] = statuses.Count(s => s == "failed"),
                ["created_at"] = job.Created.ToString("O", CultureInfo.InvariantCulture),
                ["completed_at"] = job.EndedAt(now)?.ToString("O", CultureInfo.InvariantCulture),
            };
            if (kind == "batch")
            {
                summary["accepted_urls"] = job.Urls.Count;
            }
            else
            {
                summary["url"] = job.Urls[0];
                summary["total_pages"] = job.Urls.Count;
            }

            jobs.Add(summary);
        }

        return (HttpStatusCode.OK, new JsonObject
        {
            ["jobs"] = jobs,
            ["page"] = int.Parse(query["page"] ?? "1", CultureInfo.InvariantCulture),
            ["page_size"] = int.Parse(query["page_size"] ?? "10", CultureInfo.InvariantCulture),
            ["page_count"] = 1,
        });
    }

    private static JsonObject Error(string code, string message) =>
        new() { ["code"] = code, ["message"] = message, ["correlation_id"] = "fake", ["retryable"] = false };

    private sealed class Job(string kind, string id, DateTimeOffset created, IReadOnlyList<string> urls, JsonObject request)
    {
        public string Kind { get; } = kind;

        public string Id { get; } = id;

        public DateTimeOffset Created { get; } = created;

        public IReadOnlyList<string> Urls { get; } = urls;

        public JsonObject Request { get; } = request;

        public DateTimeOffset? CancelledAt { get; set; }

        public string ItemStatus(int index, DateTimeOffset now)
        {
            var settles = SettlesAt(index);
            if (settles <= now && (CancelledAt is null || settles <= CancelledAt))
            {
                return Urls[index].Contains("fail", StringComparison.Ordinal) ? "failed" : "completed";
            }

            return CancelledAt is not null && now >= CancelledAt ? "cancelled" : "pending";
        }

        public DateTimeOffset? EndedAt(DateTimeOffset now)
        {
            if (CancelledAt is { } cancelled && now >= cancelled)
            {
                return cancelled;
            }

            var last = SettlesAt(Urls.Count - 1);
            return last <= now ? last : null;
        }

        public string Status(DateTimeOffset now) => EndedAt(now) is not null
            ? (CancelledAt is not null && now >= CancelledAt ? "cancelled" : "completed")
            : now < Created + QueueTime ? "queued" : "processing";

        private DateTimeOffset SettlesAt(int index) => Created + QueueTime + (PageTime * (index + 1));
    }
}
