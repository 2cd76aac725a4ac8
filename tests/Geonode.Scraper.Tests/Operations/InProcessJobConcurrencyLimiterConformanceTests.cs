using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.Tests.Operations;

/// <summary>The limiter contract against the in-process limiter: "another process" is the same instance.</summary>
public sealed class InProcessJobConcurrencyLimiterConformanceTests : JobConcurrencyLimiterConformanceTests
{
    private readonly InProcessJobConcurrencyLimiter _limiter = new();

    protected override IJobConcurrencyLimiter CreateLimiter() => _limiter;

    protected override IJobConcurrencyLimiter CreateLimiterOnSameStore() => _limiter;
}
