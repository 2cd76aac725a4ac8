using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// The emulated API: one request delegate with explicit routing (no reflection, trim-safe), job state computed from time,
/// faults applied before and after routing, and every request logged.
/// </summary>
internal sealed partial class EmulatorApp
{
    private static readonly string[] Resources = ["extract", "batch", "crawl", "map", "search", "usage", "statistics", "webhooks"];
    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new();
    private readonly ConcurrentQueue<EmulatorRequest> _log = new();
    private long _sequence;

    public EmulatorApp(EmulatorOptions options, EmulatorFaults faults, WebhookDispatcher webhooks)
    {
        _options = options;
        Faults = faults;
        Webhooks = webhooks;
    }

    public EmulatorFaults Faults { get; }

    public WebhookDispatcher Webhooks { get; }

    public IReadOnlyCollection<EmulatorRequest> Log => _log.ToArray();

    public IReadOnlyList<EmulatorJob> CreatedJobs
    {
        get
        {
            var now = Now;
            return _jobs.Values
                .OrderBy(j => j.Sequence)
                .Select(j => new EmulatorJob(j.Id, j.Kind, j.CreatedAt, j.Urls, (j as InstantJob)?.Query, j.Status(now)))
                .ToList();
        }
    }

    /// <summary>
    /// The most extraction, batch and crawl jobs queued or processing at one instant so far, counted as the concurrency
    /// limit counts them: from its creation until its work ends or it is cancelled (a job that never ends counts until now).
    /// A job that ends at the instant another is created does not overlap it, as in <see cref="Create"/>.
    /// </summary>
    public int PeakRunningJobs
    {
        get
        {
            var now = Now;
            var edges = new List<(DateTimeOffset At, int Step)>();
            foreach (var job in _jobs.Values.OfType<ItemJob>())
            {
                edges.Add((job.CreatedAt, 1));
                var end = job.CancelledAt ?? (EmulatedJob.IsTerminal(job.Status(job.DoneAt)) ? job.DoneAt : DateTimeOffset.MaxValue);
                if (end <= now)
                {
                    edges.Add((end, -1));
                }
            }

            // Ends before starts at the same instant.
            edges.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Step.CompareTo(b.Step));
            int running = 0, peak = 0;
            foreach (var (_, step) in edges)
            {
                running += step;
                peak = Math.Max(peak, running);
            }

            return peak;
        }
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var taken = path.StartsWith("/_emulator", StringComparison.Ordinal) ? null : Faults.Take(context.Request.Method, path);
        try
        {
            await HandleAsync(context, path, taken);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up while the emulator waited (its timeout, a slow status): logged as a dropped connection.
            Record(context, 0, taken?.Fault);
        }
    }

    private async Task HandleAsync(HttpContext context, string path, TakenFault? taken)
    {
        var method = context.Request.Method;
        var segments = path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var fault = taken?.Fault;
        var aborted = context.RequestAborted;

        // The emulator's clock is the TimeProvider: a Retry-After date must be read against the same clock.
        context.Response.Headers.Date = (fault?.Date ?? Now).ToString("R", CultureInfo.InvariantCulture);

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, _options.TimeProvider, aborted);
        }

        if (fault is { Kind: FaultKind.Delay })
        {
            await Task.Delay(fault.Delay, _options.TimeProvider, aborted);
        }

        // A profile on a POST marks the job it starts; elsewhere the profiles that need no job act here.
        var requestProfile = fault is { Kind: FaultKind.Profile } && method != "POST" ? fault.Profile : (EmulatorProfile?)null;
        if (requestProfile == EmulatorProfile.SlowStatus)
        {
            await Task.Delay(_options.SlowStatusDelay, _options.TimeProvider, aborted);
        }

        if (fault is { Kind: FaultKind.Drop })
        {
            Record(context, 0, fault);
            context.Abort();
            return;
        }

        Reply? early = fault switch
        {
            { Kind: FaultKind.Status } => fault.Body is null
                ? Reply.Error(fault.StatusCode, FaultCode(fault.StatusCode), "Injected by the emulator", fault.StatusCode >= 500 || fault.StatusCode == 429, fault.RetryAfter)
                : new Reply(fault.StatusCode, null, fault.RetryAfter),
            { Kind: FaultKind.Empty } => new Reply(fault.StatusCode, null),
            _ when requestProfile == EmulatorProfile.RateLimitStorm => Reply.RateLimited("1"),
            _ when requestProfile == EmulatorProfile.JobVanishes => Reply.NotFound(segments.Length > 1 ? segments[1] : string.Empty),
            _ => null,
        };
        if (early is not null || fault is { Kind: FaultKind.Html })
        {
            var (bytes, type) = fault switch
            {
                { Kind: FaultKind.Html } => (Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>Proxy login</h1></body></html>"), "text/html; charset=utf-8"),
                { Kind: FaultKind.Status, Body: { } raw } => (Encoding.UTF8.GetBytes(raw), "application/json"),
                _ => (Serialize(early!.Body), "application/json"),
            };
            await WriteAsync(context, early?.Status ?? 200, early?.RetryAfter, bytes, type, taken);
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
            reply = await RouteAsync(context, method, segments, taken, requestProfile);
        }

        if (fault is { Kind: FaultKind.DropAfter })
        {
            Record(context, 0, fault);
            context.Abort();
            return;
        }

        if (fault is { Kind: FaultKind.JobStatus } && reply.Body is JsonObject obj && obj.ContainsKey("status"))
        {
            obj["status"] = fault.Value;
        }

        var contentType = fault is { Kind: FaultKind.ContentType } ? fault.Value! : "application/json";
        await WriteAsync(context, reply.Status, reply.RetryAfter, Serialize(reply.Body), contentType, taken);
    }

    private async Task<Reply> RouteAsync(HttpContext context, string method, string[] s, TakenFault? taken, EmulatorProfile? requestProfile)
    {
        if (s.Length == 2 && s[0] == "_emulator")
        {
            return await ControlAsync(context, method, s[1]);
        }

        if (s.Length < 2 || s[0] != "v1" || !Resources.Contains(s[1]))
        {
            return Reply.NoRoute();
        }

        var resource = s[1];
        if (resource == "webhooks")
        {
            return await Webhooks.RouteAsync(context, method, s);
        }

        var postProfile = method == "POST" && taken?.Fault is { Kind: FaultKind.Profile } f ? f.Profile : (EmulatorProfile?)null;
        var raw = s.Length == 3 ? s[2] : null;
        if (raw is not null && raw != "jobs" && resource is "extract" or "batch" or "crawl" or "map" or "search" && method is "GET" or "DELETE")
        {
            if (!TryParseId(resource, raw, out var id, out var invalid))
            {
                return invalid!;
            }

            return (method, resource) switch
            {
                ("GET", "extract" or "batch" or "crawl") => await ReadJobAsync(context, resource, id, taken, requestProfile),
                ("GET", "map" or "search") => _jobs.TryGetValue(id, out var job) && job.Kind == resource && job is InstantJob instant
                    ? Reply.Ok(instant.Detail.DeepClone())
                    : Reply.NotFound(resource),
                ("DELETE", "batch") => Cancel(id, "batch", "in_flight_urls"),
                ("DELETE", "crawl") => Cancel(id, "crawl", "in_flight_pages"),
                _ => Reply.MethodNotAllowed(),
            };
        }

        return (method, resource, s.Length, raw) switch
        {
            ("POST", "extract", 2, _) => await ExtractAsync(context, postProfile),
            ("POST", "batch", 2, _) => await StartBatchAsync(context, postProfile),
            ("POST", "crawl", 2, _) => await StartCrawlAsync(context, postProfile),
            ("POST", "map", 2, _) => await MapAsync(context),
            ("POST", "search", 2, _) => await SearchAsync(context),
            ("GET", _, 3, "jobs") when resource is "extract" or "batch" or "crawl" or "map" or "search" => ListJobs(context, resource),
            ("GET", "usage", 2, _) => Usage(),
            ("GET", "statistics", 2, _) => Statistics(context),
            (_, "usage" or "statistics", 2, _) => Reply.MethodNotAllowed(),
            (_, "usage" or "statistics", _, _) => Reply.NoRoute(),
            (_, _, 2 or 3, _) => Reply.MethodNotAllowed(),
            _ => Reply.NoRoute(),
        };
    }

    /// <summary>Reads a path id the way the API types it: <c>format: uuid</c> for batch, crawl, map and webhooks (a bad one is a
    /// FastAPI 422), a plain string for extract (API.md §1) and search.</summary>
    internal static bool TryParseId(string resource, string raw, out string id, out Reply? invalid)
    {
        invalid = null;
        if (resource is "extract" or "search")
        {
            id = raw;
            return true;
        }

        var text = raw.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) ? raw[9..] : raw;
        if (Guid.TryParseExact(text, "D", out var guid) || Guid.TryParseExact(text, "N", out guid) || Guid.TryParseExact(text, "B", out guid))
        {
            id = guid.ToString("D");
            return true;
        }

        id = raw;
        var bad = raw.Select((c, i) => (c, i)).FirstOrDefault(x => !char.IsAsciiHexDigit(x.c) && x.c != '-');
        var msg = bad.c != default
            ? $"Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `{bad.c}` at {bad.i + 1}"
            : $"Input should be a valid UUID, invalid length: expected length 32 for simple format, found {raw.Replace("-", string.Empty, StringComparison.Ordinal).Length}";
        invalid = Reply.Validation([Reply.Problem(msg, "uuid_parsing", "path", resource == "webhooks" ? "webhook_id" : "job_id")]);
        return false;
    }

    internal static JsonObject Page(string itemsName, List<JsonObject> all, int page, int size) => new()
    {
        [itemsName] = new JsonArray(all.Skip((page - 1) * size).Take(size).Select(j => (JsonNode)j).ToArray()),
        ["page"] = page,
        ["page_size"] = size,
        ["page_count"] = (all.Count + size - 1) / size,
    };

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

    private static byte[] Serialize(JsonNode? body) => body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString());

    private async Task WriteAsync(HttpContext context, int status, string? retryAfter, byte[] bytes, string contentType, TakenFault? taken)
    {
        var fault = taken?.Fault;
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        Record(context, status, fault);
        if (status == 204)
        {
            return;
        }

        if (fault is { Kind: FaultKind.Truncate })
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        if (bytes.Length > 0)
        {
            context.Response.ContentType = contentType;
        }

        context.Response.ContentLength = bytes.Length;
        if (fault is not { Kind: FaultKind.Trickle })
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        // Headers first, then the body a few bytes at a time.
        await context.Response.StartAsync(context.RequestAborted);
        for (var offset = 0; offset < bytes.Length; offset += fault.ChunkBytes)
        {
            if (offset > 0)
            {
                await Task.Delay(fault.Delay, _options.TimeProvider, context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(fault.ChunkBytes, bytes.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private void Record(HttpContext context, int status, Fault? fault) =>
        _log.Enqueue(new EmulatorRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, status, fault?.Describe()));
}
