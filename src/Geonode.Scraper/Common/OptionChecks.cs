namespace Geonode.Scraper.Internal;

/// <summary>The checks of option values that several options classes share; each adds a message naming the option.</summary>
internal static class OptionChecks
{
    /// <summary>The longest due time a timer accepts (about 49.7 days), rounded down.</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);

    public static void CheckFraction(List<string> errors, string name, double value)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            errors.Add($"{name} must be a number between 0 and 1; got {value}.");
        }
    }

    /// <summary>A delay must be finite (no infinite sleeps), non-negative and within what timers accept.</summary>
    public static void CheckDelay(List<string> errors, string name, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxTimer)
        {
            errors.Add($"{name} must be {(allowZero ? "zero or more" : "greater than zero")} and at most {MaxTimer.TotalDays:0} days; got {value}.");
        }
    }

    public static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxTimer))
        {
            errors.Add($"{name} must be greater than zero and at most {MaxTimer.TotalDays:0} days, or Timeout.InfiniteTimeSpan; got {value}.");
        }
    }
}
