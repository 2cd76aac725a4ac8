using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// The webhook endpoints and real, signed deliveries. A job is delivered when it becomes terminal on the emulator's clock (a
/// timer on <see cref="EmulatorOptions.TimeProvider"/>, so moving a fake clock delivers) or when it is cancelled. Deliveries
/// go only to loopback addresses; a webhook pointing anywhere else records failed attempts without sending anything, so the
/// emulator never makes an outbound request.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private const int MaxWebhooks = 10;
    private const int MaxAttempts = 3;
    private static readonly string[] Events = ["extract_completed", "batch_completed", "crawl_completed"];
    private static readonly string[] DeliveryStatuses = ["pending", "success", "failed", "abandoned"];

    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, JsonObject> _webhooks = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _deliveries = new();
    private readonly ConcurrentDictionary<string, ITimer> _timers = new();
    private readonly ConcurrentDictionary<int, Task> _inFlight = new();
    private readonly Channel<ItemJob> _finished = Channel.CreateUnbounded<ItemJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private Func<ItemJob, JsonObject> _render = _ => [];
    private Task? _loop;
    private int _deliveryCount;

    public WebhookDispatcher(EmulatorOptions options) => _options = options;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>Starts delivering; <paramref name="render"/> gives a job's <c>data</c> as its status endpoint shows it.</summary>
    public void Start(Func<ItemJob, JsonObject> render)
    {
        _render = render;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Arranges for the job to be delivered when its work ends on the emulator's clock.</summary>
    public void Watch(ItemJob job)
    {
        if (!_options.DeliverWebhooks || _stop.IsCancellationRequested)
        {
            return;
        }

        var due = job.DoneAt - Now;
        if (due <= TimeSpan.Zero)
        {
            Notify(job);
            return;
        }

        var timer = _options.TimeProvider.CreateTimer(_ => Notify(job), null, due, Timeout.InfiniteTimeSpan);
        if (!_timers.TryAdd(job.Id, timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>Delivers the job now if it is terminal (a cancellation, or its timer fired).</summary>
    public void Notify(ItemJob job)
    {
        if (_options.DeliverWebhooks)
        {
            _finished.Writer.TryWrite(job);
        }
    }

    public async Task<Reply> RouteAsync(HttpContext context, string method, string[] s)
    {
        string? id = null;
        if (s.Length > 2 && !EmulatorApp.TryParseId("webhooks", s[2], out id, out var invalid))
        {
            return invalid!;
        }

        switch (method, s.Length)
        {
            case ("POST", 2):
                return await CreateAsync(context);
            case ("GET", 2):
                return List(context);
            case ("GET", 3):
                return _webhooks.TryGetValue(id!, out var hook) ? Reply.Ok(Public(hook)) : Reply.NotFound("webhooks");
            case ("PATCH", 3):
                return await UpdateAsync(context, id!);
            case ("DELETE", 3):
                return _webhooks.TryRemove(id!, out _) ? new Reply(204, null) : Reply.NotFound("webhooks");
            case ("POST", 4) when s[3] == "rotate-secret":
                if (!_webhooks.TryGetValue(id!, out var rotating))
                {
                    return Reply.NotFound("webhooks");
                }

                var secret = NewSecret();
                lock (rotating)
                {
                    rotating["secret"] = secret;
                    rotating["updated_at"] = JobJson.Time(Now);
                }

                return Reply.Ok(new JsonObject { ["secret"] = secret });
            case ("GET", 4) when s[3] == "deliveries":
                return Deliveries(context, id!);
            case (_, 2 or 3):
            case (_, 4) when s[3] is "rotate-secret" or "deliveries":
                return Reply.MethodNotAllowed();
            default:
                return Reply.NoRoute();
        }
    }

    private async Task<Reply> CreateAsync(HttpContext context)
    {
        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url");
        var eventType = reader.Enum("event_type", Events);
        if (reader.Body["event_type"] is null)
        {
            reader.Problems.Add(Reply.Problem("Field required", "missing", "body", "event_type"));
        }

        var description = reader.String("description");
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        if (_webhooks.Count >= MaxWebhooks)
        {
            return Reply.Error(422, "WEBHOOK_LIMIT_REACHED", $"An account may have at most {MaxWebhooks} webhooks");
        }

        var now = Now;
        var hook = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["url"] = url,
            ["description"] = description,
            ["is_active"] = true,
            ["event_type"] = eventType,
            ["created_at"] = JobJson.Time(now),
            ["updated_at"] = JobJson.Time(now),
            ["secret"] = NewSecret(),
        };
        _webhooks[hook["id"]!.GetValue<string>()] = hook;
        return new Reply(201, hook.DeepClone());
    }

    /// <summary>A partial update: a field left out is unchanged; an explicit <c>null</c> clears the nullable
    /// <c>description</c> and leaves the fields a webhook cannot be without (url, event type, active flag) unchanged.</summary>
    private async Task<Reply> UpdateAsync(HttpContext context, string id)
    {
        if (!_webhooks.TryGetValue(id, out var hook))
        {
            return Reply.NotFound("webhooks");
        }

        var (reader, error) = await RequestReader.ReadAsync(context);
        if (reader is null)
        {
            return error!;
        }

        var url = reader.Url("url", required: false);
        var eventType = reader.Enum("event_type", Events);
        var active = reader.Bool("is_active");
        var description = reader.String("description");
        var clearDescription = reader.IsExplicitNull("description");
        if (reader.Problems.Count > 0)
        {
            return Reply.Validation(reader.Problems);
        }

        lock (hook)
        {
            if (url is not null)
            {
                hook["url"] = url;
            }

            if (eventType is not null)
            {
                hook["event_type"] = eventType;
            }

            if (active is not null)
            {
                hook["is_active"] = active;
            }

            if (description is not null || clearDescription)
            {
                hook["description"] = description;
            }

            hook["updated_at"] = JobJson.Time(Now);
            return Reply.Ok(Public(hook));
        }
    }

    private Reply List(HttpContext context)
    {
        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 100, 100, problems);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        // Newest first, as the job lists; ids break ties between webhooks created at the same instant.
        var all = _webhooks.Values.Select(Public)
            .OrderByDescending(h => h["created_at"]!.GetValue<string>(), StringComparer.Ordinal)
            .ThenBy(h => h["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        return Reply.Ok(EmulatorApp.Page("items", all, page!.Value, size!.Value));
    }

    private Reply Deliveries(HttpContext context, string id)
    {
        if (!_webhooks.ContainsKey(id))
        {
            return Reply.NotFound("webhooks");
        }

        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 100, 100, problems);
        var status = RequestReader.QueryEnum(context, "status", DeliveryStatuses, problems);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        // Newest first: the queue holds attempts in the order they were recorded.
        var all = (_deliveries.TryGetValue(id, out var list) ? list.ToArray() : [])
            .Reverse()
            .Where(d => status is null || d["status"]!.GetValue<string>() == status)
            .Select(d => (JsonObject)d.DeepClone())
            .ToList();
        return Reply.Ok(EmulatorApp.Page("items", all, page!.Value, size!.Value));
    }

    private static JsonObject Public(JsonObject hook)
    {
        lock (hook)
        {
            var copy = (JsonObject)hook.DeepClone();
            copy.Remove("secret");
            return copy;
        }
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private async Task LoopAsync()
    {
        try
        {
            await foreach (var job in _finished.Reader.ReadAllAsync(_stop.Token))
            {
                if (_timers.TryRemove(job.Id, out var timer))
                {
                    await timer.DisposeAsync();
                }

                var now = Now;
                if (now < job.DoneAt && job.CancelledAt is null)
                {
                    // A system timer may fire a moment before the wall clock reads the due time.
                    Watch(job);
                    continue;
                }

                if (job.Notified || !EmulatedJob.IsTerminal(job.Status(now)))
                {
                    continue;
                }

                job.Notified = true;
                var eventType = job.Kind + "_completed";
                var data = _render(job);
                var copies = job.Has(EmulatorProfile.DuplicateDeliveries) ? 2 : 1;
                foreach (var hook in _webhooks.Values.Where(h => h["is_active"]!.GetValue<bool>() && h["event_type"]!.GetValue<string>() == eventType).ToList())
                {
                    for (var copy = 0; copy < copies; copy++)
                    {
                        var key = Interlocked.Increment(ref _deliveryCount);
                        _inFlight[key] = DeliverAsync(hook, eventType, job.Id, data)
                            .ContinueWith(_ => _inFlight.TryRemove(key, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverAsync(JsonObject hook, string eventType, string jobId, JsonObject data)
    {
        string webhookId, url, secret;
        lock (hook)
        {
            webhookId = hook["id"]!.GetValue<string>();
            url = hook["url"]!.GetValue<string>();
            secret = hook["secret"]!.GetValue<string>();
        }

        var queue = _deliveries.GetOrAdd(webhookId, _ => new ConcurrentQueue<JsonObject>());
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Each attempt has its own delivery id (API.md §10.2).
            var deliveryId = Guid.NewGuid().ToString();
            var createdAt = Now;
            var body = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["event"] = eventType,
                ["webhook_id"] = webhookId,
                ["delivery_id"] = deliveryId,
                ["timestamp"] = JobJson.Time(createdAt),
                ["data"] = data.DeepClone(),
            }.ToJsonString());
            int? httpStatus = null;
            if (Uri.TryCreate(url, UriKind.Absolute, out var target) && (target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new("application/json");
                    request.Headers.TryAddWithoutValidation("User-Agent", "scraper-api-webhook/1.0");
                    request.Headers.TryAddWithoutValidation(WebhookSigner.HeaderName, WebhookSigner.Sign(secret, body));
                    request.Headers.TryAddWithoutValidation("X-Webhook-Delivery-Id", deliveryId);
                    request.Headers.TryAddWithoutValidation("X-Webhook-Event", eventType);
                    using var response = await _http.SendAsync(request, _stop.Token);
                    httpStatus = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // A receiver that is down is a failed attempt, as with the real service.
                }
            }

            var success = httpStatus is >= 200 and < 300;
            queue.Enqueue(new JsonObject
            {
                ["id"] = deliveryId,
                ["event_type"] = eventType,
                ["job_id"] = jobId,
                ["attempt_number"] = attempt,
                ["status"] = success ? "success" : attempt == MaxAttempts ? "abandoned" : "failed",
                ["http_status"] = httpStatus,
                ["delivered_at"] = JobJson.Time(Now),
                ["created_at"] = JobJson.Time(createdAt),
            });
            if (success || _stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _options.TimeProvider, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _finished.Writer.TryComplete();
        foreach (var timer in _timers.Values)
        {
            await timer.DisposeAsync();
        }

        if (_loop is not null)
        {
            await _loop;
        }

        await Task.WhenAll(_inFlight.Values);
        _http.Dispose();
        _stop.Dispose();
    }
}
