using Geonode.Scraper.Conformance;

namespace Geonode.Scraper.Tests.Ledger;

/// <summary>The ledger contract against the file ledger: "another process" is a second <see cref="FileJobLedger"/> on the
/// same file (the lock file serialises them as it does processes); both run on one shifted clock to let leases expire.</summary>
public sealed class FileJobLedgerConformanceTests : JobLedgerConformanceTests
{
    private readonly ShiftedTimeProvider _clock = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-ledger-conformance-").FullName;

    private string LedgerPath => Path.Combine(_folder, "jobs.jsonl");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    protected override IJobLedger CreateLedger() => new FileJobLedger(LedgerPath, _clock);

    protected override IJobLedger CreateLedgerOnSameStore() => new FileJobLedger(LedgerPath, _clock);

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
