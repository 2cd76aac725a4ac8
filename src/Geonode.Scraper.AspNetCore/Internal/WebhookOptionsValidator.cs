using System.Globalization;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.AspNetCore.Internal;

/// <summary>Checks <see cref="GeonodeScraperWebhookOptions"/> when the host starts and whenever they are reloaded. Written by
/// hand (no reflection), so that it stays trim- and AOT-safe.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<GeonodeScraperWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, GeonodeScraperWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.Secrets.Count == 0)
        {
            errors.Add("GeonodeScraperWebhookOptions.Secrets is empty: add the webhook's signing secret (returned when it was created or rotated).");
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Secrets[i]))
            {
                errors.Add($"GeonodeScraperWebhookOptions.Secrets[{i}] is null or empty.");
            }
        }

        if (options.ReplayTolerance <= TimeSpan.Zero && options.ReplayTolerance != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"GeonodeScraperWebhookOptions.ReplayTolerance must be positive or Timeout.InfiniteTimeSpan; got {options.ReplayTolerance}.");
        }

        var fallback = options.FallbackPollInterval;
        if (fallback < JobCompletionSignalOptions.MinFallbackPollInterval || fallback > JobCompletionSignalOptions.MaxFallbackPollInterval)
        {
            errors.Add(string.Format(
                CultureInfo.InvariantCulture,
                "GeonodeScraperWebhookOptions.FallbackPollInterval must be between {0} and {1}; got {2}.",
                JobCompletionSignalOptions.MinFallbackPollInterval,
                JobCompletionSignalOptions.MaxFallbackPollInterval,
                fallback));
        }

        if (options.DeduplicationWindow <= TimeSpan.Zero)
        {
            errors.Add($"GeonodeScraperWebhookOptions.DeduplicationWindow must be positive; got {options.DeduplicationWindow}.");
        }

        if (options.DeduplicationCapacity < 1)
        {
            errors.Add($"GeonodeScraperWebhookOptions.DeduplicationCapacity must be at least 1; got {options.DeduplicationCapacity}.");
        }

        if (options.MaxBodySize < 1)
        {
            errors.Add($"GeonodeScraperWebhookOptions.MaxBodySize must be at least 1 byte; got {options.MaxBodySize}.");
        }

        if (string.IsNullOrWhiteSpace(options.Path) || !options.Path.StartsWith('/'))
        {
            errors.Add($"GeonodeScraperWebhookOptions.Path must start with '/'; got '{options.Path}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
