namespace Geonode.Scraper.Benchmarks;

/// <summary>The baseline policy: the same delay after every poll, whatever the job's counters say.</summary>
internal sealed class FixedPollDelay(TimeSpan delay) : IPollDelayStrategy
{
    public PollDelay NextDelay(PollDelayContext context) => new(delay, "fixed");

    public void JobEnded(JobKind kind, TimeSpan duration)
    {
    }
}
