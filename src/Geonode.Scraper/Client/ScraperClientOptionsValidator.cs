using Microsoft.Extensions.Options;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Every rule about <see cref="ScraperClientOptions"/>, <see cref="RetryOptions"/> and <see cref="PollingOptions"/>, written
/// once: <c>AddGeonodeScraper</c> registers it (checked at start with <c>ValidateOnStart</c>), and the plain constructors run
/// the same checks; per-call polling options run the polling rules (<see cref="PollingValidation"/>). Each message names the
/// option.
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

        OptionChecks.CheckTimeout(errors, "ScraperClientOptions.AttemptTimeout", options.AttemptTimeout);
        if (options.MaxConnectionsPerServer < 1)
        {
            errors.Add($"ScraperClientOptions.MaxConnectionsPerServer must be at least 1; got {options.MaxConnectionsPerServer}.");
        }

        if (options.JobLedgerLeaseDuration < TimeSpan.FromSeconds(1) || options.JobLedgerLeaseDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"ScraperClientOptions.JobLedgerLeaseDuration must be between 1 s and 1 h (claims are renewed every third of it); got {options.JobLedgerLeaseDuration}.");
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
            PollingValidation.AddErrors(errors, options.Polling, "ScraperClientOptions.Polling.");
        }

        return errors;
    }

    private static void AddRetryErrors(List<string> errors, RetryOptions retry, string prefix)
    {
        if (retry.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{prefix}MaxRetries must be between 0 and 20; got {retry.MaxRetries}.");
        }

        OptionChecks.CheckDelay(errors, prefix + "BaseDelay", retry.BaseDelay, allowZero: true);
        OptionChecks.CheckDelay(errors, prefix + "MaxDelay", retry.MaxDelay, allowZero: true);
        if (retry.MaxDelay < retry.BaseDelay)
        {
            errors.Add($"{prefix}MaxDelay must be at least {prefix}BaseDelay.");
        }

        OptionChecks.CheckFraction(errors, prefix + "Jitter", retry.Jitter);
        OptionChecks.CheckDelay(errors, prefix + "MaxRetryAfter", retry.MaxRetryAfter, allowZero: true);
    }
}
