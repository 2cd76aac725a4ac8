namespace Geonode.Scraper.Tests.Support;

/// <summary>Tests that listen to the process-wide <c>Geonode.Scraper</c> ActivitySource and Meter run alone, so that
/// no other test's spans and measurements are exported into their lists while they read them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
