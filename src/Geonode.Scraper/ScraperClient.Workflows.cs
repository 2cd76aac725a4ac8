using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    /// <summary>Gets or sets where the workflows (<see cref="RetryFailedExtensions"/>) look up the request a job was
    /// started with; <see langword="null"/> when nothing records requests. The job ledger implements it.</summary>
    internal IJobRequestSource? RequestSource { get; set; }

    /// <summary>Gets the client's clock, for the workflows' own delays.</summary>
    internal TimeProvider TimeProvider => _runtime.TimeProvider;

    /// <summary>Gets the polling a wait runs with when the caller passes none.</summary>
    internal PollingSettings DefaultPolling => _runtime.Options.Polling;
}
