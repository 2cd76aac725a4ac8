using System.Globalization;

namespace Geonode.Scraper.Internal;

/// <summary>Writes a duration the way a person configures it: "3 s", "500 ms", "30 min", "2 h", "2.5 s".</summary>
internal static class Durations
{
    public static string Format(TimeSpan value)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return "no limit";
        }

        if (value == TimeSpan.Zero)
        {
            return "0 s";
        }

        if (value.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Number(value.TotalHours) + " h";
        }

        if (value.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return Number(value.TotalMinutes) + " min";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        }

        return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
