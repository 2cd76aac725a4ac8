using Xunit.Sdk;

namespace Geonode.Scraper.Conformance;

/// <summary>
/// A fact of the conformance suite: an ordinary <see cref="FactAttribute"/>, except that it is skipped when the concrete test
/// class carries a <see cref="BackendAvailabilityAttribute"/> that gives a reason (xunit 2 has no skipping at run time).
/// </summary>
#if SDK_NETSTANDARD
// Geonode.Scraper.NetStandard.Tests compiles the kit's sources into itself, to run the suites on the netstandard2.0 build.
[XunitTestCaseDiscoverer("Geonode.Scraper.Conformance.ConformanceFactDiscoverer", "Geonode.Scraper.NetStandard.Tests")]
#else
[XunitTestCaseDiscoverer("Geonode.Scraper.Conformance.ConformanceFactDiscoverer", "Geonode.Scraper.Conformance")]
#endif
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute
{
}
