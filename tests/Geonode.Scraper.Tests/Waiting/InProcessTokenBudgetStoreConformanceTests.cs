using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.Tests.Waiting;

/// <summary>The token budget store contract against the in-process store: "another process" is the same instance.</summary>
public sealed class InProcessTokenBudgetStoreConformanceTests : TokenBudgetStoreConformanceTests
{
    private readonly InProcessTokenBudgetStore _store = new();

    protected override ITokenBudgetStore CreateStore() => _store;

    protected override ITokenBudgetStore CreateStoreOnSameStore() => _store;
}
