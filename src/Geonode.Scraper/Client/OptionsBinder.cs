using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Binds <see cref="ScraperClientOptions"/> from configuration by hand: no reflection, so it stays trim- and AOT-safe,
/// and a malformed value names its key instead of failing deep inside a binder.
/// </summary>
internal static class OptionsBinder
{
    public static void Bind(IConfiguration section, ScraperClientOptions options)
    {
        SetString(section, nameof(options.ApiKey), v => options.ApiKey = v);
        SetString(section, nameof(options.ApplicationId), v => options.ApplicationId = v);
        SetString(section, nameof(options.BaseAddress), v => options.BaseAddress = Uri.TryCreate(v, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Configuration value '{Key(section, nameof(options.BaseAddress))}' is not an absolute URI."));
        SetTime(section, nameof(options.AttemptTimeout), v => options.AttemptTimeout = v);
        SetInt(section, nameof(options.MaxConnectionsPerServer), v => options.MaxConnectionsPerServer = v);
        SetTime(section, nameof(options.JobLedgerLeaseDuration), v => options.JobLedgerLeaseDuration = v);

        var retry = section.GetSection(nameof(options.Retry));
        SetInt(retry, nameof(RetryOptions.MaxRetries), v => options.Retry.MaxRetries = v);
        SetTime(retry, nameof(RetryOptions.BaseDelay), v => options.Retry.BaseDelay = v);
        SetTime(retry, nameof(RetryOptions.MaxDelay), v => options.Retry.MaxDelay = v);
        SetDouble(retry, nameof(RetryOptions.Jitter), v => options.Retry.Jitter = v);
        SetTime(retry, nameof(RetryOptions.MaxRetryAfter), v => options.Retry.MaxRetryAfter = v);

        var polling = section.GetSection(nameof(options.Polling));
        SetTime(polling, nameof(PollingOptions.InitialDelay), v => options.Polling.InitialDelay = v);
        SetDouble(polling, nameof(PollingOptions.Multiplier), v => options.Polling.Multiplier = v);
        SetTime(polling, nameof(PollingOptions.MaxDelay), v => options.Polling.MaxDelay = v);
        SetDouble(polling, nameof(PollingOptions.Jitter), v => options.Polling.Jitter = v);
        SetTime(polling, nameof(PollingOptions.Timeout), v => options.Polling.Timeout = v);
        SetInt(polling, nameof(PollingOptions.MaxConsecutiveErrors), v => options.Polling.MaxConsecutiveErrors = v);
        SetTime(polling, nameof(PollingOptions.NotFoundGracePeriod), v => options.Polling.NotFoundGracePeriod = v);
        SetBool(polling, nameof(PollingOptions.CancelJobOnTimeout), v => options.Polling.CancelJobOnTimeout = v);
    }

    private static void SetString(IConfiguration section, string key, Action<string> set)
    {
        var value = section[key];
        if (!string.IsNullOrWhiteSpace(value))
        {
            set(value!.Trim());
        }
    }

    private static void SetTime(IConfiguration section, string key, Action<TimeSpan> set) =>
        SetString(section, key, v => set(TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) ? t : throw Bad(section, key, "a time span such as 00:00:30")));

    private static void SetInt(IConfiguration section, string key, Action<int> set) =>
        SetString(section, key, v => set(int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Bad(section, key, "an integer")));

    private static void SetDouble(IConfiguration section, string key, Action<double> set) =>
        SetString(section, key, v => set(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(section, key, "a number")));

    private static void SetBool(IConfiguration section, string key, Action<bool> set) =>
        SetString(section, key, v => set(bool.TryParse(v, out var b) ? b : throw Bad(section, key, "true or false")));

    private static InvalidOperationException Bad(IConfiguration section, string key, string expected) =>
        new($"Configuration value '{Key(section, key)}' must be {expected}.");

    private static string Key(IConfiguration section, string key) => section is IConfigurationSection s ? $"{s.Path}:{key}" : key;
}
