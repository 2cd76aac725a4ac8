using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.Tests.Waiting;

/// <summary>The signal contract against the in-process signal: "another process" is the same instance.</summary>
public sealed class InProcessJobCompletionSignalConformanceTests : JobCompletionSignalConformanceTests
{
    private readonly InProcessJobCompletionSignal _signal = new();

    protected override IJobCompletionSignal CreateSignal() => _signal;

    protected override IJobCompletionSignal CreateSignalOnSameStore() => _signal;
}
