namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>A fact that needs POSIX signals; skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals";
        }
    }
}

/// <summary>A theory that needs POSIX signals; skipped on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals";
        }
    }
}
