using Microsoft.Extensions.Options;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Every rule about <see cref="ScraperClientOptions"/>, <see cref="RetryOptions"/> and <see cref="PollingOptions"/>, written
/// once: <c>AddGeonodeScraper</c> registers it (checked at start with <c>ValidateOnStart</c>), and the plain constructors and
/// per-call polling options run the same checks. Each message names the option.
/// </summary>
internal sealed class ScraperClientOptionsValidator : IValidateOptions<ScraperClientOptions>
{
    public static ScraperClientOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, ScraperClientOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(ScraperClientOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add($"No API key: set ScraperClientOptions.ApiKey, the '{ScraperClientOptions.DefaultSectionName}:ApiKey' configuration value, or the {ScraperClientOptions.ApiKeyEnvironmentVariable} environment variable.");
        }
        else if (options.ApiKey!.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add("ScraperClientOptions.ApiKey contains white space or control characters.");
        }

        var address = options.BaseAddress ?? ScraperClientOptions.DefaultBaseAddress;
        if (!address.IsAbsoluteUri)
        {
            errors.Add("ScraperClientOptions.BaseAddress must be an absolute URI.");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && ResolvedOptions.IsLoopback(address)))
        {
            errors.Add($"ScraperClientOptions.BaseAddress must use https (plain http is allowed only for loopback hosts); got '{address.Scheme}://{address.Authority}'.");
        }
        else if (!string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            errors.Add("ScraperClientOptions.BaseAddress cannot carry a query, fragment or user info.");
        }

        CheckTimeout(errors, "ScraperClientOptions.AttemptTimeout", options.AttemptTimeout);
        if (options.MaxConnectionsPerServer < 1)
        {
            errors.Add($"ScraperClientOptions.MaxConnectionsPerServer must be at least 1; got {options.MaxConnectionsPerServer}.");
        }

        if (options.Retry is null)
        {
            errors.Add("ScraperClientOptions.Retry cannot be null.");
        }
        else
        {
            AddRetryErrors(errors, options.Retry, "ScraperClientOptions.Retry.");
        }

        if (options.Polling is null)
        {
            errors.Add("ScraperClientOptions.Polling cannot be null.");
        }
        else
        {
            AddPollingErrors(errors, options.Polling, "ScraperClientOptions.Polling.");
        }

        return errors;
    }

    /// <summary>Checks polling options passed to one wait; throws <see cref="ArgumentException"/> naming the parameter.</summary>
    public static PollingSettings Validated(PollingOptions polling, string paramName)
    {
        var errors = new List<string>();
        AddPollingErrors(errors, polling, "PollingOptions.");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }

        return PollingSettings.From(polling);
    }

    private static void AddRetryErrors(List<string> errors, RetryOptions retry, string prefix)
    {
        if (retry.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{prefix}MaxRetries must be between 0 and 20; got {retry.MaxRetries}.");
        }

        CheckDelay(errors, prefix + "BaseDelay", retry.BaseDelay, allowZero: true);
        CheckDelay(errors, prefix + "MaxDelay", retry.MaxDelay, allowZero: true);
        if (retry.MaxDelay < retry.BaseDelay)
        {
            errors.Add($"{prefix}MaxDelay must be at least {prefix}BaseDelay.");
        }

        CheckFraction(errors, prefix + "Jitter", retry.Jitter);
        CheckDelay(errors, prefix + "MaxRetryAfter", retry.MaxRetryAfter, allowZero: true);
    }

    private static void AddPollingErrors(List<string> errors, PollingOptions polling, string prefix)
    {
        CheckDelay(errors, prefix + "InitialDelay", polling.InitialDelay, allowZero: false);
        CheckDelay(errors, prefix + "MaxDelay", polling.MaxDelay, allowZero: false);
        if (polling.MaxDelay < polling.InitialDelay)
        {
            errors.Add($"{prefix}MaxDelay must be at least {prefix}InitialDelay.");
        }

        if (double.IsNaN(polling.Multiplier) || double.IsInfinity(polling.Multiplier) || polling.Multiplier < 1)
        {
            errors.Add($"{prefix}Multiplier must be a finite number of at least 1; got {polling.Multiplier}.");
        }

        CheckFraction(errors, prefix + "Jitter", polling.Jitter);
        CheckTimeout(errors, prefix + "Timeout", polling.Timeout);
        if (polling.MaxConsecutiveErrors < 1)
        {
            errors.Add($"{prefix}MaxConsecutiveErrors must be at least 1; got {polling.MaxConsecutiveErrors}.");
        }

        CheckDelay(errors, prefix + "NotFoundGracePeriod", polling.NotFoundGracePeriod, allowZero: true);
    }

    private static void CheckFraction(List<string> errors, string name, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            errors.Add($"{name} must be a number between 0 and 1; got {value}.");
        }
    }

    /// <summary>A delay must be finite (no infinite sleeps), non-negative and within what timers accept.</summary>
    private static void CheckDelay(List<string> errors, string name, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxTimer)
        {
            errors.Add($"{name} must be {(allowZero ? "zero or more" : "greater than zero")} and at most {MaxTimer.TotalDays:0} days; got {value}.");
        }
    }

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxTimer))
        {
            errors.Add($"{name} must be greater than zero and at most {MaxTimer.TotalDays:0} days, or Timeout.InfiniteTimeSpan; got {value}.");
        }
    }

    /// <summary>The longest due time a timer accepts (about 49.7 days), rounded down.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);
}
