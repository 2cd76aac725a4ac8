namespace Geonode.Scraper;

/// <summary>
/// Wakes the waits of a job before their next scheduled poll, for example when a webhook says the job ended: they take their
/// next poll at once. Waits still poll on their own schedule, so a missed signal only costs time.
/// </summary>
internal interface IJobWakeSignal
{
    /// <summary>Calls <paramref name="wake"/> whenever a signal arrives for <paramref name="jobId"/>, until disposed.</summary>
    IDisposable Register(string jobId, Action wake);
}
