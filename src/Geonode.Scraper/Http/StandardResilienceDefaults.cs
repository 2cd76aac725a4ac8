using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The rules for <c>AddStandardResilienceHandler()</c> added to the SDK's <see cref="HttpClient"/>, applied after the
/// user's own configuration: it never retries a POST; it does not retry at all while the SDK retries (nested retries
/// multiply: 4 × 4 = 16 requests for one GET); with the SDK's retries off it retries safe methods only; its timeouts are no
/// shorter than the SDK's attempt timeout. Its circuit breaker and rate limiter keep working.
/// </summary>
internal sealed class StandardResilienceDefaults : IPostConfigureOptions<HttpStandardResilienceOptions>
{
    /// <summary>The longest timeout Polly's timeout strategy accepts.</summary>
    private static readonly TimeSpan MaxPollyTimeout = TimeSpan.FromDays(1);

    /// <summary>The longest attempt timeout set here: the breaker's sampling duration must hold two of them within a day.</summary>
    private static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromHours(12);

    private readonly string _name;
    private readonly ConnectionSettings _options;

    public StandardResilienceDefaults(string name, ConnectionSettings options)
    {
        _name = name;
        _options = options;
    }

    public void PostConfigure(string? name, HttpStandardResilienceOptions options)
    {
        if (name != _name)
        {
            return;
        }

        var retry = options.Retry;
        var sdkRetries = _options.Retry.MaxRetries > 0;
        var userPredicate = retry.ShouldHandle;
        retry.ShouldHandle = args =>
        {
            if (sdkRetries || !IsSafe(args.Context.GetRequestMessage()?.Method))
            {
                return new ValueTask<bool>(false);
            }

            return userPredicate(args);
        };

        var attempt = _options.AttemptTimeout == Timeout.InfiniteTimeSpan || _options.AttemptTimeout > MaxAttemptTimeout ? MaxAttemptTimeout : _options.AttemptTimeout;
        if (options.AttemptTimeout.Timeout < attempt)
        {
            options.AttemptTimeout.Timeout = attempt;
        }

        var attempts = sdkRetries ? 1 : retry.MaxRetryAttempts + 1;
        var gaps = (retry.MaxDelay ?? TimeSpan.FromSeconds(30)).Ticks * (double)(attempts - 1);
        var total = TimeSpan.FromTicks((long)Math.Min(MaxPollyTimeout.Ticks, (options.AttemptTimeout.Timeout.Ticks * (double)attempts) + gaps));
        if (options.TotalRequestTimeout.Timeout < total)
        {
            options.TotalRequestTimeout.Timeout = total;
        }

        // The handler's own validation: the breaker samples at least two attempt timeouts.
        var sampling = TimeSpan.FromTicks(Math.Min(MaxPollyTimeout.Ticks, options.AttemptTimeout.Timeout.Ticks * 2));
        if (options.CircuitBreaker.SamplingDuration < sampling)
        {
            options.CircuitBreaker.SamplingDuration = sampling;
        }
    }

    private static bool IsSafe(HttpMethod? method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;
}
