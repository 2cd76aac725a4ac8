using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The SDK's resilience policy, defined once on Microsoft.Extensions.Http.Resilience's option types and executed by
/// <see cref="ApiConnection"/> around the whole attempt (send, then read and deserialize the body), so the attempt timeout
/// covers a trickling body and a body cut short is retried. A POST is retried only when the server cannot have acted on it.
/// </summary>
internal static class ScraperResilience
{
    public static readonly ResiliencePropertyKey<ApiCall> CallKey = new("Geonode.Scraper.Call");

    /// <summary>When the call started (a timestamp of the pipeline's clock), for <see cref="ApiCall.ThrottleWindow"/>.</summary>
    public static readonly ResiliencePropertyKey<long> StartedKey = new("Geonode.Scraper.Started");

    /// <summary>The first delay after a 429 that names no <c>Retry-After</c> beyond the ordinary retries of a call with a
    /// throttle window; it doubles up to <see cref="MaxThrottleDelay"/>.</summary>
    internal static readonly TimeSpan FirstThrottleDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts of a call waiting out 429s within its throttle window.</summary>
    internal static readonly TimeSpan MaxThrottleDelay = TimeSpan.FromSeconds(30);

    /// <summary>Builds the pipeline: retries (when <paramref name="retries"/>) around a per-attempt timeout.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Build(ConnectionSettings options, TimeProvider timeProvider, ILogger logger, bool retries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = Telemetry.Name };
        var retry = options.Retry;
        if (retries)
        {
            // The number of attempts is decided per call by ShouldRetry: the settings' MaxRetries, or, for a call that waits
            // out 429s (starting a job under the account's concurrency limit), as many as fit in its throttle window.
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,

                // The SDK's own Retry-After reading: capped, against the response's Date, jittered, never below its backoff.
                ShouldRetryAfterHeader = false,
                UseJitter = false,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome, args.AttemptNumber, retry, timeProvider)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryDelay(retry, args.AttemptNumber, args.Outcome, timeProvider)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, null!);
                    var reason = Describe(args.Outcome);
                    Telemetry.Retries.Add(1, new KeyValuePair<string, object?>("http.request.method", call?.Method.Method));
                    System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent(
                        "retry",
                        tags: new System.Diagnostics.ActivityTagsCollection { ["retry.attempt"] = args.AttemptNumber + 1, ["retry.reason"] = reason }));
                    Log.Retrying(logger, call?.Method.Method, call?.Route, args.AttemptNumber + 1, args.RetryDelay, reason);
                    return default;
                },
            });
        }

        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.AttemptTimeout });
        }

        return builder.Build();
    }

    /// <summary>The retry rule. A POST starts a billed job: it is sent again only after a 429 (the server did not take it)
    /// or a failure to connect (nothing was sent). Transient answers and failures (<see cref="Transient"/>) of other methods
    /// are retried up to <see cref="RetrySettings.MaxRetries"/> times; a 429 to a call with a throttle window is retried for as
    /// long as the window allows, whatever the settings.</summary>
    internal static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, int attemptNumber, RetrySettings retry, TimeProvider timeProvider)
    {
        var call = context.Properties.GetValue(CallKey, null!);
        var isPost = call is null || call.IsPost;
        var ordinary = attemptNumber < retry.MaxRetries;
        if (outcome.Result is { } response)
        {
            var retryAfter = RetryAfterHeader.Get(response, timeProvider);
            if (retryAfter > retry.MaxRetryAfter)
            {
                // The caller decides whether to wait that long: the exception carries RetryAfter.
                return false;
            }

            if ((int)response.StatusCode == 429 && call?.ThrottleWindow is { } window && context.Properties.TryGetValue(StartedKey, out var started))
            {
                var next = ordinary ? TimeSpan.Zero : ThrottleDelay(retry, attemptNumber, retryAfter);
                return window == Timeout.InfiniteTimeSpan || timeProvider.GetElapsedTime(started) + next <= window;
            }

            return ordinary && Transient.IsTransientStatus(response.StatusCode) && ((int)response.StatusCode == 429 || !isPost);
        }

        return ordinary && outcome.Exception switch
        {
            null => false,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => false,
            TimeoutRejectedException => !isPost,
            HttpRequestException ex => !isPost || NeverSent(ex),

            // Thrown while reading the body: the response was cut short.
            IOException => !isPost,
            _ => false,
        };
    }

    /// <summary>True when the request failed while connecting, so no byte of it reached the server.</summary>
    internal static bool NeverSent(Exception exception)
    {
        if (exception is not HttpRequestException ex)
        {
            return false;
        }

#if NET8_0_OR_GREATER
        if (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return true;
        }
#endif
        return ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain };
    }

    /// <summary>The SDK's backoff, lengthened (never shortened) by a <c>Retry-After</c>, which is jittered upwards so that
    /// many clients told the same value do not all come back at the same instant. Beyond the ordinary retries (a call
    /// waiting out 429s in its throttle window), the backoff starts at <see cref="FirstThrottleDelay"/> and doubles up to
    /// <see cref="MaxThrottleDelay"/>.</summary>
    internal static TimeSpan RetryDelay(RetrySettings retry, int attemptNumber, Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider)
    {
        var retryAfter = outcome.Result is { } response ? RetryAfterHeader.Get(response, timeProvider) : null;
        if (attemptNumber >= retry.MaxRetries)
        {
            return ThrottleDelay(retry, attemptNumber, retryAfter);
        }

        var delay = retry.Backoff(attemptNumber);
        if (retryAfter is { } asked)
        {
            var jittered = Backoff.JitterUp(asked, retry.Jitter);
            return jittered > delay ? jittered : delay;
        }

        return delay;
    }

    private static TimeSpan ThrottleDelay(RetrySettings retry, int attemptNumber, TimeSpan? retryAfter)
    {
        var backoff = Backoff.ApplyJitter(Backoff.Exponential(FirstThrottleDelay, 2, MaxThrottleDelay, attemptNumber - retry.MaxRetries), retry.Jitter);
        return retryAfter is { } asked && Backoff.JitterUp(asked, retry.Jitter) is var jittered && jittered > backoff ? jittered : backoff;
    }

    internal static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } r } => $"HTTP {(int)r.StatusCode}",
        { Exception: TimeoutRejectedException } => "attempt timeout",
        { Exception: IOException ex } => $"response body cut short ({ex.GetType().Name})",
        { Exception: HttpRequestException ex } when NeverSent(ex) => "connection failed",
        { Exception: { } ex } => ex.GetType().Name,
        _ => "unknown",
    };
}
