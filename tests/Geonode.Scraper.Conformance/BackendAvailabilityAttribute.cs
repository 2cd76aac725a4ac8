namespace Geonode.Scraper.Conformance;

/// <summary>
/// Put a subclass of this on a conformance test class whose backend may be missing (a database server that is not running):
/// when <see cref="SkipReason"/> is not <see langword="null"/> at discovery, every <see cref="ConformanceFactAttribute"/>
/// test of the class is reported as skipped with that reason instead of failing. Return <see langword="null"/> when the
/// backend is there, and also when a missing backend must fail the run (in CI).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class BackendAvailabilityAttribute : Attribute
{
    /// <summary>Gets why the tests cannot run here, or <see langword="null"/> when they can.</summary>
    public abstract string? SkipReason { get; }
}
