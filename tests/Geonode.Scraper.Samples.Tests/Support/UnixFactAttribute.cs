namespace Geonode.Scraper.Samples.Tests.Support;

/// <summary>A fact that needs POSIX signals or a pseudo-terminal; skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX only";
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
            Skip = "POSIX only";
        }
    }
}
