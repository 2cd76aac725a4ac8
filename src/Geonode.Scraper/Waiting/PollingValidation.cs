namespace Geonode.Scraper.Internal;

/// <summary>The rules of <see cref="PollingOptions"/>, for the client's default and for the options passed to one wait.</summary>
internal static class PollingValidation
{
    /// <summary>Checks polling options passed to one wait; throws <see cref="ArgumentException"/> naming the parameter.</summary>
    public static PollingSettings Validated(PollingOptions polling, string paramName)
    {
        var errors = new List<string>();
        AddErrors(errors, polling, "PollingOptions.");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }

        return PollingSettings.From(polling);
    }

    public static void AddErrors(List<string> errors, PollingOptions polling, string prefix)
    {
        OptionChecks.CheckDelay(errors, prefix + "InitialDelay", polling.InitialDelay, allowZero: false);
        if (polling.MaxDelay is { } max)
        {
            OptionChecks.CheckDelay(errors, prefix + "MaxDelay", max, allowZero: false);
            if (max < polling.InitialDelay)
            {
                errors.Add($"{prefix}MaxDelay must be at least {prefix}InitialDelay.");
            }
        }
        else if (polling.InitialDelay > PollingSettings.DefaultMaxDelay)
        {
            errors.Add($"{prefix}InitialDelay is longer than the default MaxDelay ({Durations.Format(PollingSettings.DefaultMaxDelay)}): set {prefix}MaxDelay too.");
        }

        if (double.IsNaN(polling.Multiplier) || double.IsInfinity(polling.Multiplier) || polling.Multiplier < 1)
        {
            errors.Add($"{prefix}Multiplier must be a finite number of at least 1; got {polling.Multiplier}.");
        }

        OptionChecks.CheckFraction(errors, prefix + "Jitter", polling.Jitter);
        OptionChecks.CheckTimeout(errors, prefix + "Timeout", polling.Timeout);
        if (polling.MaxConsecutiveErrors < 1)
        {
            errors.Add($"{prefix}MaxConsecutiveErrors must be at least 1; got {polling.MaxConsecutiveErrors}.");
        }

        OptionChecks.CheckDelay(errors, prefix + "NotFoundGracePeriod", polling.NotFoundGracePeriod, allowZero: true);
    }
}
