using Geonode.Scraper.Internal;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper.Tests.Jobs;

public sealed class FinishPredictionTests
{
    private static readonly PollingSettings NoJitter = PollingSettings.From(new PollingOptions { Jitter = 0 });

    [Fact]
    public void NextDelay_NoProgress_FallsBackToThePlainBackoff()
    {
        var delay = Next(attempt: 3, elapsed: 2.5, (0, 0, 100), (1, 0, 100), (2.5, 0, 100));

        delay.Should().Be(new PollDelay(TimeSpan.FromSeconds(3.375), "backoff"));
    }

    [Fact]
    public void NextDelay_SteadyProgress_SleepsAShareOfThePredictedRemainingTime()
    {
        // 200 of 300 settled in 30 s: the last 100 take 15 s more; the sleep is 0.35 of that.
        var delay = Next(attempt: 2, elapsed: 30, (0, 0, 300), (15, 100, 300), (30, 200, 300));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(5.25), TimeSpan.FromMilliseconds(1));
        delay.Reason.Should().Be("finish predicted in about 15 s");
    }

    [Fact]
    public void NextDelay_TimeSinceTheLastReading_ComesOffThePrediction()
    {
        var delay = Next(attempt: 2, elapsed: 34, (0, 0, 300), (15, 100, 300), (30, 200, 300));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(0.35 * 11), TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.2)]
    public void NextDelay_FinishDueAtOnce_NeverSleepsLessThanTheInitialDelay(double jitter)
    {
        var polling = PollingSettings.From(new PollingOptions { Jitter = jitter });

        for (var i = 0; i < 50; i++)
        {
            var delay = FinishPrediction.Instance.NextDelay(Context(polling, attempt: 5, elapsed: 20, (0, 0, 100), (10, 99, 100), (20, 100, 100)));
            delay.Delay.Should().Be(polling.InitialDelay);
        }
    }

    [Fact]
    public void NextDelay_FarFromTheFinish_NeverSleepsLongerThanTheMaxDelay()
    {
        var delay = Next(attempt: 2, elapsed: 20, (0, 0, 10_000), (10, 10, 10_000), (20, 20, 10_000));

        delay.Delay.Should().Be(PollingSettings.DefaultMaxDelay);
    }

    [Fact]
    public void NextDelay_CountersWentBackwards_FallsBackToThePlainBackoff()
    {
        var delay = Next(attempt: 2, elapsed: 20, (0, 0, 100), (10, 50, 100), (20, 40, 100));

        delay.Should().Be(new PollDelay(TimeSpan.FromSeconds(2.25), "backoff"));
    }

    [Fact]
    public void NextDelay_CountersMovedOnAfterGoingBackwards_PredictFromTheReadingsSinceThen()
    {
        // The reading at 10 s (90 settled) is not part of the run that starts at 20 s: 20 more settled in 10 s since then.
        var delay = Next(attempt: 3, elapsed: 30, (0, 0, 100), (10, 90, 100), (20, 40, 100), (30, 60, 100));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(0.35 * 20), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void NextDelay_MoreSettledThanKnown_FallsBackToThePlainBackoff()
    {
        var delay = Next(attempt: 1, elapsed: 10, (0, 0, 100), (10, 120, 100));

        delay.Should().Be(new PollDelay(TimeSpan.FromSeconds(1.5), "backoff"));
    }

    [Fact]
    public void NextDelay_CrawlFindsPagesAsFastAsItSettlesThem_FallsBackToThePlainBackoff()
    {
        // 2 pages settle per second while 5 new ones are found: no finish in sight.
        var delay = Next(attempt: 4, elapsed: 20, (0, 1, 10), (10, 20, 60), (20, 40, 110));

        delay.Should().Be(new PollDelay(TimeSpan.FromSeconds(5.0625), "backoff"));
    }

    [Fact]
    public void NextDelay_CrawlDiscoverySlowsDown_PredictsWithTheLatestGrowth()
    {
        // Over the whole run the total grew faster (75 in 30 s) than pages settled (60 in 30 s), but in the last 15 s it
        // grew by 5 only: the remaining 25 pages go at 2 − 1/3 pages a second, 15 s.
        var delay = Next(attempt: 3, elapsed: 30, (0, 0, 10), (15, 30, 80), (30, 60, 85));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(5.25), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void NextDelay_RecentPaceSlowerThanUsual_KeepsTheEarlierFinish()
    {
        // 650 in 100 s overall, but only 50 in the last 70 s: at the usual pace the last 150 take 23 s, at the recent
        // one 210 s. Sleeping towards the later finish would sleep past the earlier one if the pace comes back.
        var delay = Next(attempt: 5, elapsed: 100, (0, 0, 800), (15, 300, 800), (30, 600, 800), (90, 640, 800), (100, 650, 800));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(0.35 * 150 / 6.5), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Predict_CountersStill_MeasuresTheStallBeyondTwiceTheUsualInterval()
    {
        // Usually one unit every 1.2 s (50 in 60 s); none since the reading at 10 s.
        var forecast = FinishPrediction.Predict(Context(NoJitter, attempt: 6, elapsed: 60, (0, 0, 100), (10, 50, 100), (30, 50, 100), (60, 50, 100)));

        forecast.Should().NotBeNull();
        forecast!.Value.Stall.Should().BeCloseTo(TimeSpan.FromSeconds(60 - 10 - 2.4), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void NextDelay_StallShorterThanTheRestAtTheUsualPace_SleepsAShareOfTheStall()
    {
        // 900 of 1,000 after 100 s (one every 0.11 s), then nothing until 120 s: the last 100 take 13.3 s at the usual pace
        // (900 in 120 s) and the stall beyond twice the usual interval is 20 − 0.27 s; 0.3 of it is shorter than the rest
        // and longer than 0.35 of the predicted remaining time.
        var delay = Next(attempt: 6, elapsed: 120, (0, 0, 1000), (100, 900, 1000), (110, 900, 1000), (120, 900, 1000));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(0.3 * (20 - (2 * 120.0 / 900))), TimeSpan.FromMilliseconds(1));
        delay.Reason.Should().Be("finish predicted in about 13 s, but no progress for 20 s beyond the usual");
    }

    [Fact]
    public void NextDelay_StallLongerThanTheRestAtTheUsualPace_SleepsNoLongerThanTheRestWouldTake()
    {
        // 100 of 108 after 100 s, then nothing until 160 s: at the usual pace (100 in 160 s) the last 8 take 12.8 s, and
        // 0.3 of the stall (60 − 3.2 s) would be 17 s. A job that resumed now would end in the middle of that sleep, so
        // it is cut to the 12.8 s (still more than 0.15 of the stall).
        var delay = Next(attempt: 6, elapsed: 160, (0, 0, 108), (100, 100, 108), (130, 100, 108), (160, 100, 108));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(8 / (100 / 160.0)), TimeSpan.FromMilliseconds(1));
        delay.Reason.Should().StartWith("finish predicted in about 13 s, but no progress for 57 s beyond the usual");
    }

    [Fact]
    public void NextDelay_StallWithOneUnitLeft_SleepsTheFloorShareOfTheStall()
    {
        // 99 of 100 after 10 s (one every 0.3 s), then nothing until 30 s: the last one was due 300 ms after the last
        // reading, and the stall beyond twice the usual interval is 20 − 0.6 s. The rest at the usual pace (0.3 s) is
        // below the floor, 0.15 of the stall, so a stuck unit still thins the polls out (×1.15 a poll).
        var delay = Next(attempt: 6, elapsed: 30, (0, 0, 100), (10, 99, 100), (20, 99, 100), (30, 99, 100));

        delay.Delay.Should().BeCloseTo(TimeSpan.FromSeconds(0.15 * (20 - (2 * 30.0 / 99))), TimeSpan.FromMilliseconds(1));
        delay.Reason.Should().Be("finish predicted in about 300 ms, but no progress for 19 s beyond the usual");
    }

    [Fact]
    public async Task WaitAsync_OneUnitHangsForTenMinutes_ThinsThePollsOutToTheMaxDelay()
    {
        // 99 of 100 settle in 10 s; the last one hangs until 600 s, when the job completes.
        var (delays, _) = await WaitForBatch(100, t => t < 600 ? (int)Math.Min(99, t * 10) : 100, t => t >= 600);

        delays.Should().OnlyContain(d => d >= TimeSpan.FromSeconds(0.8) && d <= TimeSpan.FromSeconds(15));
        delays.Count(d => d > TimeSpan.FromSeconds(12)).Should().BeGreaterThan(25, "a unit stuck for minutes is polled at about MaxDelay");
        delays.Should().HaveCountLessThan(75, "at one poll a second ten minutes would take 600");
    }

    [Fact]
    public async Task WaitAsync_CountersSayAllSettledButTheStatusStaysOpen_BacksOffToTheMaxDelayInsteadOfPollingEverySecond()
    {
        // Counters that claim the job is done while its status stays "processing" for ten minutes.
        var (delays, _) = await WaitForBatch(100, t => (int)Math.Min(100, t * 10), t => t >= 600);

        // The plain backoff's first steps are jittered around InitialDelay (1 s ± 20 %); nothing is ever shorter.
        delays.Should().OnlyContain(d => d >= TimeSpan.FromSeconds(0.8) && d <= TimeSpan.FromSeconds(15));
        delays.Count(d => d > TimeSpan.FromSeconds(12)).Should().BeGreaterThan(30, "a stalled job is polled at about MaxDelay");
        delays.Should().HaveCountLessThan(60, "at one poll a second ten minutes would take 600");
    }

    [Fact]
    public async Task WaitAsync_SteadyBatch_PollsSparselyInTheMiddleAndDenselyNearTheEnd()
    {
        // 1,000 URLs settling at 2 a second from t = 0: the batch ends at 500 s.
        var (delays, elapsed) = await WaitForBatch(1000, t => (int)Math.Min(1000, t * 2), t => t >= 500);

        delays.Should().HaveCountLessThan(59, "fixed 3 s polling would take 167 polls");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(501.5), "the last polls come about a second apart");
    }

    /// <summary>Waits with the default policy for a batch of <paramref name="total"/> URLs whose settled count at t seconds is
    /// <paramref name="settled"/>(t) and which is completed once <paramref name="ended"/>(t); returns the delays after the
    /// first poll and the time the wait took.</summary>
    private static async Task<(TimeSpan[] Delays, TimeSpan Elapsed)> WaitForBatch(int total, Func<double, int> settled, Func<double, bool> ended)
    {
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()));
        var request = new PollRequest<BatchJob>
        {
            JobId = "b1",
            Kind = JobKind.Batch,
            Polling = PollingSettings.From(new PollingOptions()),
            ProgressOf = b => BatchJobs.Descriptor.Progress(b),
            Poll = _ =>
            {
                var t = clock.Elapsed.TotalSeconds;
                var job = new BatchJob { JobId = "b1", Status = ended(t) ? JobStatus.Completed : JobStatus.Processing, TotalUrls = total, CompletedUrls = settled(t) };
                return Task.FromResult(new ApiResponse<BatchJob>(job, null));
            },
        };

        await clock.Run(poller.WaitAsync(request, CancellationToken.None));
        return (clock.Delays.Skip(1).ToArray(), clock.Elapsed);
    }

    private static PollDelay Next(int attempt, double elapsed, params (double At, int Done, int Total)[] samples) =>
        FinishPrediction.Instance.NextDelay(Context(NoJitter, attempt, elapsed, samples));

    private static PollDelayContext Context(PollingSettings polling, int attempt, double elapsed, params (double At, int Done, int Total)[] samples) =>
        new(polling, JobKind.Batch, attempt, TimeSpan.FromSeconds(elapsed), samples.Select(s => new ProgressSample(TimeSpan.FromSeconds(s.At), s.Done, s.Total)).ToArray(), polling.MaxDelay ?? PollingSettings.DefaultMaxDelay);
}
