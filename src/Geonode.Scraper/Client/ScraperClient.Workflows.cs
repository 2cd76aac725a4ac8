using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <summary>Gets where the workflows (<see cref="RetryFailedExtensions"/>) look up the request a job was started with:
    /// the client's job ledger; <see langword="null"/> when none is configured.</summary>
    internal IJobRequestSource? RequestSource => _runtime.Ledger is { } ledger ? new LedgerRequestSource(ledger) : null;

    /// <summary>Gets the client's clock, for the workflows' own delays.</summary>
    internal TimeProvider TimeProvider => _runtime.TimeProvider;

    /// <summary>Gets the polling a wait runs with when the caller passes none.</summary>
    internal PollingSettings DefaultPolling => _runtime.Options.Polling;
}
