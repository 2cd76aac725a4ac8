namespace Geonode.Scraper.Benchmarks;

/// <summary>How busy the machine is, read from Linux's <c>/proc</c> ("n/a" elsewhere): latency figures taken on a machine
/// whose cores are shared are read with these beside them.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average (runnable threads of the whole machine), or "n/a".</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>The share of the last minute during which some runnable thread waited for a core (the kernel's pressure
    /// stall information, <c>/proc/pressure/cpu</c>), or "n/a".</summary>
    public static string CpuPressure()
    {
        if (!File.Exists("/proc/pressure/cpu"))
        {
            return "n/a";
        }

        var some = File.ReadAllLines("/proc/pressure/cpu").FirstOrDefault(l => l.StartsWith("some ", StringComparison.Ordinal));
        var avg60 = some?.Split(' ').FirstOrDefault(f => f.StartsWith("avg60=", StringComparison.Ordinal));
        return avg60 is null ? "n/a" : $"{avg60["avg60=".Length..]} % of the last minute with a thread waiting for a core";
    }
}
