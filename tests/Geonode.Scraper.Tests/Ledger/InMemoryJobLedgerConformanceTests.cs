using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.Tests.Ledger;

/// <summary>The ledger contract against the reference, in-memory ledger: one process, so "another process" is the same
/// instance; its clock is shifted to let leases expire.</summary>
public sealed class InMemoryJobLedgerConformanceTests : JobLedgerConformanceTests
{
    private readonly ShiftedTimeProvider _clock = new();
    private readonly InMemoryJobLedger _ledger;

    public InMemoryJobLedgerConformanceTests() => _ledger = new InMemoryJobLedger(_clock);

    protected override IJobLedger CreateLedger() => _ledger;

    protected override IJobLedger CreateLedgerOnSameStore() => _ledger;

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
