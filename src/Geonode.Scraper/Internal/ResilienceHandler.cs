using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Retries transient failures and limits each attempt, on a Polly.Core pipeline. A POST is retried only when the server
/// cannot have acted on it (429, or a connection that was never established), so a job is never started or billed twice.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Geonode.Scraper.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly RetryOptions _retry;
    private readonly TimeSpan _attemptTimeout;
    private readonly ILogger _logger;

    public ResilienceHandler(ResolvedOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _timeProvider = timeProvider;
        _retry = options.Retry;
        _attemptTimeout = options.AttemptTimeout;
        _logger = logger;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (_retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _retry.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(args.AttemptNumber, args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    Telemetry.Retries.Add(1, new KeyValuePair<string, object?>("http.request.method", request?.Method.Method));
                    System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent(
                        "retry",
                        tags: new System.Diagnostics.ActivityTagsCollection { ["retry.attempt"] = args.AttemptNumber + 1, ["retry.reason"] = Describe(args.Outcome) }));
                    Log.Retrying(_logger, request?.Method.Method, request?.RequestUri?.AbsolutePath, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                    return default;
                },
            });
        }

        if (_attemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(_attemptTimeout);
        }

        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    var method = new KeyValuePair<string, object?>("http.request.method", state.Request.Method.Method);
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                        Telemetry.Requests.Add(1, method, new KeyValuePair<string, object?>("http.response.status_code", (int)response.StatusCode));
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        Telemetry.Requests.Add(1, method, new KeyValuePair<string, object?>("error.type", ex.GetType().Name));
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            if (outcome.Exception is TimeoutRejectedException timeout)
            {
                var resendNote = request.Method == HttpMethod.Post
                    ? " The server may have received it, so it was not sent again (a second POST could start and bill a second job)."
                    : string.Empty;
                throw new TimeoutException(
                    $"{request.Method} {request.RequestUri?.AbsolutePath} did not answer within the attempt timeout of {_attemptTimeout}.{resendNote}",
                    timeout);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var request = context.Properties.GetValue(RequestKey, null!);
        var isPost = request is null || request.Method == HttpMethod.Post;

        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            var retryAfter = RetryAfterHeader.Get(response, _timeProvider);
            if (retryAfter > _retry.MaxRetryAfter)
            {
                // The caller decides whether to wait that long: the exception carries RetryAfter.
                return false;
            }

            return status == 429 || (!isPost && status is 408 or 500 or 502 or 503 or 504);
        }

        return outcome.Exception switch
        {
            null => false,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => false,
            TimeoutRejectedException => !isPost,
            HttpRequestException ex => !isPost || NeverSent(ex),
            IOException => !isPost,
            _ => false,
        };
    }

    /// <summary>True when the request failed while connecting, so no byte of it reached the server.</summary>
    private static bool NeverSent(HttpRequestException ex)
    {
#if NET8_0_OR_GREATER
        if (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return true;
        }
#endif
        return ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain };
    }

    private TimeSpan NextDelay(int attemptNumber, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response && RetryAfterHeader.Get(response, _timeProvider) is { } retryAfter)
        {
            return retryAfter;
        }

        var delay = Backoff.Exponential(_retry.BaseDelay, 2, _retry.MaxDelay, attemptNumber);
        return Backoff.ApplyJitter(delay, _retry.Jitter);
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : outcome.Exception?.GetType().Name ?? "unknown";
}
