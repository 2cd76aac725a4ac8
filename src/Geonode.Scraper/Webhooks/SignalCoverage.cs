using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Which kinds of job a completion signal covers: those whose webhook events reach the app. Configured
/// (<see cref="JobCompletionSignalOptions.Events"/>), or else asked of the API: the event types of the account's active
/// webhooks (<c>GET /v1/webhooks</c>), read once every <see cref="RefreshInterval"/>. When that read fails, no kind is
/// covered until the next try: waits then poll as without a signal, which costs requests, never time.
/// </summary>
internal sealed class SignalCoverage
{
    /// <summary>How long the API's answer is kept.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    /// <summary>How long a failed read is kept before the API is asked again.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    private readonly HashSet<WebhookEventType>? _configured;
    private readonly ApiConnection _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private Task<HashSet<WebhookEventType>>? _discovery;
    private long _validUntil;

    public SignalCoverage(IList<WebhookEventType>? configured, ApiConnection api, TimeProvider time, ILogger logger)
    {
        _configured = configured is null ? null : [.. configured];
        _api = api;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<bool> CoversAsync(JobKind kind, CancellationToken cancellationToken)
    {
        var wanted = kind switch
        {
            JobKind.Batch => WebhookEventType.BatchCompleted,
            JobKind.Crawl => WebhookEventType.CrawlCompleted,
            _ => WebhookEventType.ExtractCompleted,
        };
        if (_configured is not null)
        {
            return _configured.Contains(wanted);
        }

        Task<HashSet<WebhookEventType>> discovery;
        lock (_lock)
        {
            // One read of the API at a time, shared by every wait that starts meanwhile.
            if (_discovery is null || (_discovery.IsCompleted && _time.GetTimestamp() >= _validUntil))
            {
                _discovery = DiscoverAsync();
            }

            discovery = _discovery;
        }

        return (await discovery.WaitAsync(cancellationToken).ConfigureAwait(false)).Contains(wanted);
    }

    /// <summary>Reads the event types of the account's active webhooks (not under a caller's token: the answer is shared).</summary>
    private async Task<HashSet<WebhookEventType>> DiscoverAsync()
    {
        var events = new HashSet<WebhookEventType>();
        var keep = RefreshInterval;
        try
        {
            await foreach (var hook in Pager.ListAllAsync(
                async (page, ct) => (await _api.SendAsync(new ApiCall(HttpMethod.Get, "v1/webhooks" + new QueryString().Add("page", page).Add("page_size", 100), "/v1/webhooks"), ScraperJsonContext.Default.PagedResultWebhook, ct).ConfigureAwait(false)).Value,
                static w => w.Id,
                1,
                "webhooks",
                CancellationToken.None).ConfigureAwait(false))
            {
                if (hook.IsActive)
                {
                    events.Add(hook.EventType);
                }
            }
        }
        catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException or IOException)
        {
            Log.SignalCoverageUnknown(_logger, ex);
            events.Clear();
            keep = RetryInterval;
        }

        lock (_lock)
        {
            _validUntil = _time.GetTimestamp() + (long)(keep.TotalSeconds * _time.TimestampFrequency);
        }

        return events;
    }
}
