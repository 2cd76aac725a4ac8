using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The delay strategy of batches and crawls (<see cref="DefaultPollStrategy"/> picks it by kind). Until their counters show
/// progress, they back off exponentially. Once they do, the strategy predicts when the job will finish and sleeps
/// <see cref="Share"/> of the predicted remaining time, so polls are sparse in the middle of a long job and dense near its
/// end, always within [<see cref="PollingSettings.InitialDelay"/>, <see cref="PollDelayContext.MaxDelay"/>] after jitter.
/// </summary>
/// <remarks>
/// <para>The estimator, over the readings since the counters last went backwards:</para>
/// <list type="bullet">
/// <item><description>Remaining work is <c>total − settled</c>; it shrinks at the settle rate net of the rate at which the
/// total grows (a crawl discovers pages as it goes). Discovery slows down as a site runs out of new links, so the growth
/// rate is the latest one (between the last two readings): an older, faster one would push the finish out too far.</description></item>
/// <item><description>The settle rate is measured twice: over the readings of the last <see cref="RateWindow"/> (the job as
/// it runs now) and over the whole run (the job's usual pace). Progress comes in bursts and stalls, so neither is reliable
/// alone; the earlier of the two finishes is kept, because sleeping past a finish costs the caller time while polling a
/// little early costs one request.</description></item>
/// <item><description>No prediction, and the plain backoff, when the counters show no progress, when they went backwards
/// at the last reading, when they claim more settled than known, or when the total grows about as fast as work settles
/// (less than a tenth of the settle rate is left): no finish in sight.</description></item>
/// <item><description>A stall backs off: once the settled count has not moved for longer than
/// <see cref="StallGrace"/> of the job's usual intervals between settled units, each sleep is at least
/// <see cref="StallShare"/> of the stall beyond that grace, so polls thin out geometrically (×1.3 per poll) up to
/// <see cref="PollDelayContext.MaxDelay"/> however near the counters say the finish is. But a stalled job can resume at
/// any moment and then end in the time its remaining work takes at its usual pace: a stall's sleep longer than that time
/// is cut to it, though never below <see cref="StallFloorShare"/> of the stall (×1.15 per poll); counters that show every
/// unit settled while the status stays open have no work left to resume, and keep the ×1.3. Counters that stop short of
/// the total, or stop at it while the status stays open, never hold the wait at the fastest rate.</description></item>
/// </list>
/// <para>The constants were chosen with the polling simulation of the benchmarks (<c>docs/performance.md</c>).</para>
/// </remarks>
internal sealed class FinishPrediction : IPollDelayStrategy
{
    /// <summary>The share of the predicted remaining time slept before the next poll.</summary>
    internal const double Share = 0.35;

    /// <summary>How many of the job's usual intervals between settled units pass before a stall backs off.</summary>
    internal const double StallGrace = 2;

    /// <summary>The share of a stall (beyond the grace) slept before the next poll, unless the job would end sooner at its
    /// usual pace.</summary>
    internal const double StallShare = 0.3;

    /// <summary>The least share of a stall (beyond the grace) slept before the next poll, whatever the usual pace says.</summary>
    internal const double StallFloorShare = 0.15;

    /// <summary>How far back the recent settle rate looks (at least the last two readings).</summary>
    internal static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);

    public static FinishPrediction Instance { get; } = new();

    public PollDelay NextDelay(PollDelayContext context)
    {
        var polling = context.Polling;
        if (Predict(context) is not { } forecast)
        {
            return new PollDelay(context.Backoff(), "backoff");
        }

        var delay = Scale(forecast.Remaining, Share);
        var reason = $"finish predicted in about {Durations.Format(Round(forecast.Remaining))}";
        var stallDelay = Scale(forecast.Stall, StallShare);
        if (forecast.AtUsualPace is { } usual && stallDelay > usual)
        {
            // Sleeping past the time the rest takes at the usual pace would jump over the end of a job that resumes now.
            var floor = Scale(forecast.Stall, StallFloorShare);
            stallDelay = usual > floor ? usual : floor;
        }

        if (stallDelay > delay)
        {
            delay = stallDelay;
            reason += $", but no progress for {Durations.Format(Round(forecast.Stall))} beyond the usual";
        }

        delay = Backoff.ApplyJitter(delay, polling.Jitter);
        delay = delay < polling.InitialDelay ? polling.InitialDelay : delay > context.MaxDelay ? context.MaxDelay : delay;
        return new PollDelay(delay, reason);
    }

    public void JobEnded(JobKind kind, TimeSpan duration)
    {
        // Predictions come from the job's own counters: nothing to learn across jobs.
    }

    /// <summary>Predicts the time until the job settles its last unit of work, and measures how long the counters have
    /// stalled beyond the usual; <see langword="null"/> without a usable rate.</summary>
    internal static Forecast? Predict(PollDelayContext context)
    {
        var samples = context.Samples;
        var lastIndex = samples.Count - 1;
        if (lastIndex < 1)
        {
            return null;
        }

        // Only the readings since the counters last went backwards describe the job as it runs now.
        var start = lastIndex;
        while (start > 0 && samples[start - 1].Done <= samples[start].Done && samples[start - 1].Total <= samples[start].Total)
        {
            start--;
        }

        var last = samples[lastIndex];
        if (start == lastIndex || last.Total <= 0 || last.Done > last.Total)
        {
            return null;
        }

        var previous = samples[lastIndex - 1];
        var interval = (last.At - previous.At).TotalSeconds;
        var growthRate = interval > 0 ? (last.Total - previous.Total) / interval : 0;
        var recent = lastIndex - 1;
        while (recent > start && last.At - samples[recent].At < RateWindow)
        {
            recent--;
        }

        var first = samples[start];
        var byRun = Remaining(first, last, growthRate);
        var byRecent = Remaining(samples[recent], last, growthRate);
        if ((byRun ?? byRecent) is not { } seconds)
        {
            return null;
        }

        seconds = Math.Min(seconds, byRecent ?? seconds);
        var sinceLast = context.Elapsed - last.At;
        var remaining = TimeSpan.FromSeconds(seconds) - sinceLast;
        TimeSpan? atUsualPace = byRun is { } usual && last.Done < last.Total ? Positive(TimeSpan.FromSeconds(usual) - sinceLast) : null;

        // The stall: since the first reading that showed the current settled count, less a grace of the usual intervals.
        var still = lastIndex;
        while (still > start && samples[still - 1].Done == last.Done)
        {
            still--;
        }

        var usualInterval = (last.At - first.At).TotalSeconds / (last.Done - first.Done);
        var stall = context.Elapsed - samples[still].At - TimeSpan.FromSeconds(StallGrace * usualInterval);
        return new Forecast(Positive(remaining), Positive(stall), atUsualPace);
    }

    /// <summary>Seconds from <paramref name="to"/> until the last unit settles at the settle rate from
    /// <paramref name="from"/> to <paramref name="to"/>, net of <paramref name="growthRate"/>; null when there is no finish in sight.</summary>
    private static double? Remaining(ProgressSample from, ProgressSample to, double growthRate)
    {
        var seconds = (to.At - from.At).TotalSeconds;
        if (seconds <= 0)
        {
            return null;
        }

        var settleRate = (to.Done - from.Done) / seconds;
        var netRate = settleRate - growthRate;
        return settleRate <= 0 || netRate < settleRate * 0.1 ? null : (to.Total - to.Done) / netRate;
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;

    private static TimeSpan Scale(TimeSpan value, double factor) => TimeSpan.FromTicks((long)(value.Ticks * factor));

    private static TimeSpan Round(TimeSpan value) => TimeSpan.FromSeconds(Math.Round(value.TotalSeconds, value < TimeSpan.FromSeconds(10) ? 1 : 0));

    /// <summary>A prediction: the time until the last unit settles, how long the counters have stalled beyond the usual, and
    /// the time the remaining work takes at the pace of the whole run (null when that pace sees no finish, or when every unit
    /// has settled and only the status is late).</summary>
    internal readonly record struct Forecast(TimeSpan Remaining, TimeSpan Stall, TimeSpan? AtUsualPace);
}
