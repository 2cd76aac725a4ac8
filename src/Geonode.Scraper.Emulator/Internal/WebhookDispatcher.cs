using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// The webhook endpoints and real, signed deliveries. Deliveries go only to loopback addresses; a webhook pointing
/// anywhere else records failed attempts without sending anything, so the emulator never makes an outbound request.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private const int MaxWebhooks = 10;
    private const int MaxAttempts = 3;
    private static readonly string[] Events = ["extract_completed", "batch_completed", "crawl_completed"];

    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, JsonObject> _webhooks = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _deliveries = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public WebhookDispatcher(EmulatorOptions options) => _options = options;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public void Start(Func<IEnumerable<EmulatedJob>> jobs, Func<EmulatedJob, JsonObject> render) =>
        _loop = Task.Run(() => LoopAsync(jobs, render));

    public async Task<Reply> RouteAsync(HttpContext context, string method, string[] s)
    {
        var id = s.Length > 2 ? s[2] : null;
        switch (method, s.Length)
        {
            case ("POST", 2):
                return await CreateAsync(context);
            case ("GET", 2):
                return List(context);
            case ("GET", 3):
                return _webhooks.TryGetValue(id!, out var hook) ? Reply.Ok(Public(hook)) : Reply.NotFound("Webhook");
            case ("PATCH", 3):
                return await UpdateAsync(context, id!);
            case ("DELETE", 3):
                return _webhooks.TryRemove(id!, out _) ? new Reply(204, null) : Reply.NotFound("Webhook");
            case ("POST", 4) when s[3] == "rotate-secret":
                if (!_webhooks.TryGetValue(id!, out var rotating))
                {
                    return Reply.NotFound("Webhook");
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
            default:
                return new Reply(405, new JsonObject { ["detail"] = "Method Not Allowed" });
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

        var now = JobJson.Time(Now);
        var hook = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["url"] = url,
            ["description"] = description,
            ["is_active"] = true,
            ["event_type"] = eventType,
            ["created_at"] = now,
            ["updated_at"] = now,
            ["secret"] = NewSecret(),
        };
        _webhooks[hook["id"]!.GetValue<string>()] = hook;
        return new Reply(201, hook.DeepClone());
    }

    private async Task<Reply> UpdateAsync(HttpContext context, string id)
    {
        if (!_webhooks.TryGetValue(id, out var hook))
        {
            return Reply.NotFound("Webhook");
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

            if (description is not null)
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

        var all = _webhooks.Values.OrderBy(h => h["created_at"]!.GetValue<string>(), StringComparer.Ordinal).Select(Public).ToList();
        return Reply.Ok(EmulatorApp.Page("items", all, page!.Value, size!.Value));
    }

    private Reply Deliveries(HttpContext context, string id)
    {
        if (!_webhooks.ContainsKey(id))
        {
            return Reply.NotFound("Webhook");
        }

        var problems = new List<JsonObject>();
        var page = RequestReader.QueryInt(context, "page", 1, int.MaxValue, 1, problems);
        var size = RequestReader.QueryInt(context, "page_size", 1, 100, 100, problems);
        if (problems.Count > 0)
        {
            return Reply.Validation(problems);
        }

        var status = context.Request.Query["status"].ToString();
        var all = (_deliveries.TryGetValue(id, out var list) ? list.ToArray() : [])
            .Where(d => status.Length == 0 || d["status"]!.GetValue<string>() == status)
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

    private async Task LoopAsync(Func<IEnumerable<EmulatedJob>> jobs, Func<EmulatedJob, JsonObject> render)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = Now;
                foreach (var job in jobs())
                {
                    if (job.Notified || job is not ItemJob || !EmulatedJob.IsTerminal(job.Status(now)))
                    {
                        continue;
                    }

                    job.Notified = true;
                    var eventType = job.Kind + "_completed";
                    foreach (var hook in _webhooks.Values.Where(h => h["is_active"]!.GetValue<bool>() && h["event_type"]!.GetValue<string>() == eventType).ToList())
                    {
                        _ = DeliverAsync(hook, eventType, job.Id, render(job));
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
            var deliveryId = Guid.NewGuid().ToString();
            var body = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["event"] = eventType,
                ["webhook_id"] = webhookId,
                ["delivery_id"] = deliveryId,
                ["timestamp"] = JobJson.Time(Now),
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
                    request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
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
                ["created_at"] = JobJson.Time(Now),
            });
            if (success || _stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _stop.Token);
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
        if (_loop is not null)
        {
            await _loop;
        }

        _http.Dispose();
        _stop.Dispose();
    }

}
