using Geonode.Scraper.Internal;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper.Tests.Jobs;

public sealed class DurationPriorTests
{
    private static readonly PollingSettings NoJitter = PollingSettings.From(new PollingOptions { Jitter = 0, MaxDelay = PollingSettings.DefaultMaxDelay });

    [Fact]
    public void Survival_NothingRecorded_FollowsTheTypicalDurations()
    {
        var prior = new DurationPrior();

        // Lognormal, median 8 s, σ 0.8: half run longer than 8 s, 5 % longer than 30 s.
        prior.Count.Should().Be(0);
        prior.Survival(TimeSpan.FromSeconds(8)).Should().BeApproximately(0.5, 0.001);
        prior.Survival(TimeSpan.FromSeconds(30)).Should().BeApproximately(0.049, 0.002);
        prior.Survival(TimeSpan.FromSeconds(1)).Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void NextDelay_NothingRecorded_PollsDenselyWhereTypicalDurationsCrowd()
    {
        var prior = new DurationPrior();

        var young = Next(prior, NoJitter, 0.5);
        var atTheMedian = Next(prior, NoJitter, 8);
        var old = Next(prior, NoJitter, 60);

        atTheMedian.Should().BeLessThan(young).And.BeLessThan(old);
        atTheMedian.Should().BeGreaterThan(TimeSpan.FromSeconds(1)).And.BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Record_DurationsOfAMinute_LearnsThem()
    {
        var prior = new DurationPrior();
        var typicalAtFive = Next(prior, NoJitter, 5);

        for (var i = 0; i < 200; i++)
        {
            prior.Record(TimeSpan.FromSeconds(55 + (i % 11)));
        }

        prior.Count.Should().Be(200);
        prior.Survival(TimeSpan.FromSeconds(40)).Should().BeGreaterThan(0.9);
        prior.Survival(TimeSpan.FromSeconds(80)).Should().BeLessThan(0.05);

        // Young jobs are not expected to end: the longest sleep. Near a minute: short sleeps.
        Next(prior, NoJitter, 5).Should().Be(NoJitter.MaxDelay!.Value).And.BeGreaterThan(typicalAtFive);
        Next(prior, NoJitter, 58).Should().BeLessThan(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Record_MoreThanItHolds_KeepsTheLatest()
    {
        var prior = new DurationPrior();
        for (var i = 0; i < DurationPrior.Capacity; i++)
        {
            prior.Record(TimeSpan.FromSeconds(2));
        }

        for (var i = 0; i < DurationPrior.Capacity; i++)
        {
            prior.Record(TimeSpan.FromSeconds(100));
        }

        prior.Count.Should().Be(DurationPrior.Capacity);
        prior.Survival(TimeSpan.FromSeconds(20)).Should().BeGreaterThan(0.95, "the 2 s durations are no longer held");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Record_ZeroOrNegativeDuration_IsIgnored(double seconds)
    {
        var prior = new DurationPrior();

        prior.Record(TimeSpan.FromSeconds(seconds));

        prior.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(8)]
    [InlineData(5000)]
    public void NextDelay_AnyAgeAndAnyDurationsSeen_StaysWithinInitialDelayAndMaxDelay(double seenSeconds)
    {
        var polling = PollingSettings.From(new PollingOptions { Jitter = 0.2, InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10) });
        var prior = new DurationPrior();
        for (var i = 0; i < 100; i++)
        {
            prior.Record(TimeSpan.FromSeconds(seenSeconds * (1 + (i % 5 / 10.0))));
        }

        foreach (var age in new[] { 0, 0.01, 0.5, 2, 8, 30, 300, 5000, 100_000, 10_000_000 })
        {
            for (var i = 0; i < 20; i++)
            {
                var delay = Next(prior, polling, age);
                delay.Should().BeGreaterThanOrEqualTo(polling.InitialDelay).And.BeLessThanOrEqualTo(polling.MaxDelay!.Value, $"at age {age} s");
            }
        }
    }

    [Fact]
    public async Task Record_FromManyThreadsWhilePolling_LosesNothingAndNeverThrows()
    {
        var prior = new DurationPrior();
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 50; i++)
            {
                prior.Record(TimeSpan.FromSeconds(1 + w + (i / 10.0)));
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 50; i++)
            {
                Next(prior, NoJitter, i).Should().BeGreaterThanOrEqualTo(NoJitter.InitialDelay).And.BeLessThanOrEqualTo(NoJitter.MaxDelay!.Value);
            }
        }));
        var all = Task.WhenAll(writers.Concat(readers));

        start.Set();
        await all;

        prior.Count.Should().Be(200);
    }

    [Fact]
    public async Task WaitAsync_ExtractionEnds_TheLoopReportsItsOwnRunTime()
    {
        // created 12:00:00, completed 12:00:42 (its own timestamps), though the wait saw it end after about 1 s.
        var strategy = new DefaultPollStrategy();
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()), strategy: strategy);
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = NoJitter,
            JustStarted = true,
            DurationOf = job => job.CompletedAt - job.CreatedAt,
            Poll = _ => Task.FromResult(new ApiResponse<ExtractJob>(
                new ExtractJob { JobId = "j1", Status = JobStatus.Completed, CreatedAt = TestClock.Epoch, CompletedAt = TestClock.Epoch.AddSeconds(42) }, null)),
        };

        await clock.Run(poller.WaitAsync(request, CancellationToken.None));

        strategy.Extractions.Count.Should().Be(1);
        strategy.Extractions.Survival(TimeSpan.FromSeconds(30)).Should().BeGreaterThan(new DurationPrior().Survival(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_JustStartedWithoutTimestamps_ReportsTheMiddleOfTheLastPollInterval()
    {
        var strategy = new RecordingStrategy();
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()), strategy: strategy);
        var polls = 0;
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = NoJitter,
            JustStarted = true,
            Poll = _ => Task.FromResult(new ApiResponse<ExtractJob>(new ExtractJob { JobId = "j1", Status = ++polls < 3 ? JobStatus.Processing : JobStatus.Completed }, null)),
        };

        await clock.Run(poller.WaitAsync(request, CancellationToken.None));

        // Polls at 1 s (InitialDelay), 5 s and 9 s: open at 5 s, ended by 9 s.
        strategy.Ended.Should().Equal((JobKind.Extract, TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public async Task WaitAsync_ExistingJobWithoutTimestamps_ReportsNothing()
    {
        var strategy = new RecordingStrategy();
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()), strategy: strategy);
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = NoJitter,
            Poll = _ => Task.FromResult(new ApiResponse<ExtractJob>(new ExtractJob { JobId = "j1", Status = JobStatus.Completed }, null)),
        };

        await clock.Run(poller.WaitAsync(request, CancellationToken.None));

        // The wait did not see the job start, and the job does not say when it did.
        strategy.Ended.Should().BeEmpty();
    }

    private static TimeSpan Next(DurationPrior prior, PollingSettings polling, double ageSeconds) =>
        prior.NextDelay(new PollDelayContext(polling, JobKind.Extract, 0, TimeSpan.FromSeconds(ageSeconds), [], polling.MaxDelay ?? PollingSettings.DefaultMaxDelay)).Delay;

    private sealed class RecordingStrategy : IPollDelayStrategy
    {
        public List<(JobKind Kind, TimeSpan Duration)> Ended { get; } = [];

        public PollDelay NextDelay(PollDelayContext context) => new(TimeSpan.FromSeconds(4), "fixed");

        public void JobEnded(JobKind kind, TimeSpan duration) => Ended.Add((kind, duration));
    }
}
