using Xunit.Sdk;

namespace Geonode.Scraper.Conformance;

/// <summary>
/// A fact of the conformance suite: an ordinary <see cref="FactAttribute"/>, except that it is skipped when the concrete test
/// class carries a <see cref="BackendAvailabilityAttribute"/> that gives a reason (xunit 2 has no skipping at run time).
/// </summary>
[XunitTestCaseDiscoverer("Geonode.Scraper.Conformance.ConformanceFactDiscoverer", "Geonode.Scraper.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute
{
}
