using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The default delay strategy. Jobs without counters (extractions) back off exponentially. For batches and crawls, once
/// the counters show progress, the finish time is estimated from the rate at which work settles, net of the rate at which
/// a crawl discovers new pages, and each sleep covers a share of the predicted remaining time (never longer than
/// <see cref="PollingSettings.MaxDelay"/>, never shorter than <see cref="PollingSettings.InitialDelay"/>), so polls are
/// sparse in the middle of a long job and dense near its end. When the counters stall, go backwards, or grow as fast as
/// they settle, it falls back to the plain backoff.
/// </summary>
internal sealed class FinishPrediction : IPollDelayStrategy
{
    /// <summary>The share of the predicted remaining time slept before the next poll.</summary>
    internal const double Share = 0.5;

    /// <summary>How many recent readings the rate is measured over.</summary>
    internal const int Window = 6;

    public static FinishPrediction Instance { get; } = new();

    public PollDelay NextDelay(PollDelayContext context)
    {
        var polling = context.Polling;
        if (Predict(context) is not { } remaining)
        {
            return new PollDelay(polling.Backoff(context.Attempt), "backoff");
        }

        var delay = Backoff.ApplyJitter(TimeSpan.FromTicks((long)(remaining.Ticks * Share)), polling.Jitter);
        delay = delay < polling.InitialDelay ? polling.InitialDelay : delay > polling.MaxDelay ? polling.MaxDelay : delay;
        return new PollDelay(delay, $"finish predicted in about {Durations.Format(Round(remaining))}");
    }

    /// <summary>The predicted time until the job settles its last unit of work, or <see langword="null"/> without a usable rate.</summary>
    internal static TimeSpan? Predict(PollDelayContext context)
    {
        var samples = context.Samples;
        if (samples.Count < 2)
        {
            return null;
        }

        // Only the readings since the counters last went backwards describe the job as it runs now.
        var start = samples.Count - 1;
        while (start > 0 && samples[start - 1].Done <= samples[start].Done && samples[start - 1].Total <= samples[start].Total)
        {
            start--;
        }

        var last = samples[samples.Count - 1];
        var first = samples[Math.Max(start, samples.Count - 1 - Window)];
        var seconds = (last.At - first.At).TotalSeconds;
        if (seconds <= 0 || last.Total <= 0)
        {
            return null;
        }

        var settleRate = (last.Done - first.Done) / seconds;
        var growthRate = (last.Total - first.Total) / seconds;
        var netRate = settleRate - growthRate;
        if (settleRate <= 0 || netRate < settleRate * 0.1)
        {
            // Stalled, or discovering work about as fast as it settles: no finish in sight.
            return null;
        }

        var remaining = TimeSpan.FromSeconds((last.Total - last.Done) / netRate) - (context.Elapsed - last.At);
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    private static TimeSpan Round(TimeSpan value) => TimeSpan.FromSeconds(Math.Round(value.TotalSeconds, value < TimeSpan.FromSeconds(10) ? 1 : 0));
}
