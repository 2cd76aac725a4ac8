using System.Net;
using Geonode.Scraper.Internal;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper.Tests.Jobs;

public sealed class JobPollerTests
{
    private const string ExtractUrl = TestClient.Base + "v1/extract/j1";

    private static TestClient Client(Action<PollingOptions>? polling = null) => new(o =>
    {
        o.Retry.MaxRetries = 0;
        polling?.Invoke(o.Polling);
    });

    private static Func<HttpResponseMessage> Job(string status, string extra = "") => TestClient.Json(TestClient.Job("j1", status, extra));

    [Fact]
    public async Task WaitForExtractJobAsync_PollsByTheDurationPriorWithinInitialDelayAndMaxDelay()
    {
        // Extractions poll by the typical durations (DurationPrior), no longer by the plain backoff (1, 2, 4, 5, 5 here).
        using var t = Client(p => { p.InitialDelay = TimeSpan.FromSeconds(1); p.Multiplier = 2; p.MaxDelay = TimeSpan.FromSeconds(5); });
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("queued"), Job("processing"), Job("processing"), Job("processing"), Job("processing"), Job("completed"));

        var job = await t.Run(t.Client.WaitForExtractJobAsync("j1"));

        job.Status.Should().Be(JobStatus.Completed);
        t.Requests.Should().HaveCount(6);
        t.Time.Delays.Should().HaveCount(5).And.OnlyContain(d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromSeconds(5));
        t.Time.Delays.Should().NotEqual(Seconds(1, 2, 4, 5, 5));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_DefaultOptions_PollDenselyWhereTypicalDurationsCrowd()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, [.. Enumerable.Repeat(Job("processing"), 20), Job("completed")]);

        await t.Run(t.Client.WaitForExtractJobAsync("j1"));

        // Typical extractions take 8 s (median): the polls between 4 s and 12 s of age come closer together than the
        // first one and than those past 30 s, where few jobs are still running.
        var ages = t.Time.Delays.Select((d, i) => (Age: t.Time.Delays.Take(i).Aggregate(TimeSpan.Zero, (a, b) => a + b), Delay: d)).ToArray();
        var crowd = ages.Where(a => a.Age >= TimeSpan.FromSeconds(4) && a.Age <= TimeSpan.FromSeconds(12)).Max(a => a.Delay);
        crowd.Should().BeLessThan(ages[0].Delay);
        crowd.Should().BeLessThan(ages.Where(a => a.Age > TimeSpan.FromSeconds(30)).Min(a => a.Delay));
        t.Time.Delays.Should().OnlyContain(d => d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task WaitForExtractJobAsync_AfterJobsThatRanAMinute_PollsSparselyUntilNearAMinute()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/seen", TestClient.Json(TestClient.Job("seen", "completed", ",\"completed_at\":\"2026-09-01T12:01:00Z\"")));
        for (var i = 0; i < 40; i++)
        {
            // Each wait reads the job's own timestamps when it ends: created 12:00:00, completed 12:01:00, so 60 s.
            await t.Run(t.Client.WaitForExtractJobAsync("seen"));
        }

        t.Sequence(HttpMethod.Get, ExtractUrl, [.. Enumerable.Repeat(Job("processing"), 40), Job("completed")]);
        var before = t.Time.Delays.Count;
        await t.Run(t.Client.WaitForExtractJobAsync("j1"));

        var delays = t.Time.Delays.Skip(before).ToArray();
        var ages = delays.Select((d, i) => (Age: delays.Take(i).Aggregate(TimeSpan.Zero, (a, b) => a + b), Delay: d)).ToArray();
        // The typical durations (8 s median) would poll about 8 times in the first 30 s; they still count as 8 jobs seen.
        ages.Count(a => a.Age < TimeSpan.FromSeconds(30)).Should().BeLessThanOrEqualTo(3, "no job seen ended that young");
        ages.Where(a => a.Age >= TimeSpan.FromSeconds(50) && a.Age <= TimeSpan.FromSeconds(70)).Should().Contain(a => a.Delay < TimeSpan.FromSeconds(5), "the jobs seen ended at a minute");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Jitter_StaysWithinItsBoundsAndSpreadsTheFirstPoll()
    {
        using var t = Client();
        var responses = Enumerable.Repeat(Job("processing"), 40).Append(Job("completed")).ToArray();
        t.Sequence(HttpMethod.Get, ExtractUrl, responses);

        await t.Run(t.Client.WaitForExtractJobAsync("j1", new PollingOptions { InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(10), Jitter = 0.2, Timeout = Timeout.InfiniteTimeSpan }));

        // The first poll of a wait on an existing job comes within InitialDelay, so waits started together spread out.
        t.Time.Delays[0].Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
        t.Time.Delays.Skip(1).Should().HaveCount(40).And.OnlyContain(d => d >= TimeSpan.FromSeconds(8) && d <= TimeSpan.FromSeconds(12));
        t.Time.Delays.Distinct().Should().HaveCountGreaterThan(1, "jitter spreads the delays");
    }

    [Fact]
    public async Task ExtractAsync_AsyncMode_WaitsAboutTheInitialDelayBeforeTheFirstPollOfTheJobItStarted()
    {
        using var t = Client();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json(TestClient.Fixture("extract-accepted.json"), HttpStatusCode.Accepted));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/*", TestClient.Json(TestClient.Fixture("extract-job-completed.json")));

        await t.Run(t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/", ProcessingMode = ProcessingMode.Async }));

        t.Time.Delays.Should().Equal(Seconds(1), "a job the SDK has just started cannot be done yet");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Failed_ThrowsJobFailedWithServerErrorAndSnapshot()
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"),
            Job("failed", """, "error": { "code": "RATE_LIMITED", "message": "target throttled the request", "retryable": true, "details": { "host": "a.example" } }"""));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobFailedException>()).Which;

        ex.JobId.Should().Be("j1");
        ex.Error!.Code.Should().Be("RATE_LIMITED");
        ex.Error.Retryable.Should().BeTrue();
        ex.LastSnapshot.Should().BeOfType<ExtractJob>().Which.Status.Should().Be(JobStatus.Failed);
        ex.Message.Should().Be("Job j1 failed (RATE_LIMITED): target throttled the request. The server says trying again may succeed.");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_FailedWithoutAnError_SaysTheServerGaveNoReason()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, ExtractUrl, Job("failed", """, "error": null"""));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobFailedException>()).Which;

        ex.Message.Should().Be("Job j1 failed; the server gave no reason.");
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("canceled")]
    public async Task WaitForExtractJobAsync_Cancelled_ThrowsJobCancelled(string wire)
    {
        using var t = Client();
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"), Job(wire));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobCancelledException>()).Which;

        ex.JobId.Should().Be("j1");
        ex.LastSnapshot!.Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_Timeout_PlacesAFinalPollJustBeforeTheDeadlineAndSaysTheTimeoutAsConfigured()
    {
        // Polls every 4 s (InitialDelay = MaxDelay pins every strategy's delay).
        using var t = Client(p => { p.Timeout = TimeSpan.FromSeconds(10); p.InitialDelay = TimeSpan.FromSeconds(4); p.MaxDelay = TimeSpan.FromSeconds(4); });
        t.Respond(HttpMethod.Get, ExtractUrl, Job("processing"));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobTimeoutException>()).Which;

        // 4 + 4 = 8 s; the next 4 s would pass the 10 s deadline, so the last sleep ends 1 s (a tenth) before it.
        t.Time.Delays.Where(d => d < TimeSpan.FromSeconds(10)).Should().Equal(Seconds(4, 4, 1));
        t.Requests.Should().HaveCount(4, "one final poll lands just before the deadline");
        ex.Elapsed.Should().Be(TimeSpan.FromSeconds(9));
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        ex.LastSnapshot!.Status.Should().Be(JobStatus.Processing);
        ex.CancelRequested.Should().BeFalse();
        ex.Message.Should().Be("Job j1 did not finish within the timeout of 10 s (last status 'processing', 9 s elapsed). The job goes on running on the server.");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_UnknownStatus_KeepsPollingUntilTheTimeout()
    {
        using var t = Client(p => p.Timeout = TimeSpan.FromSeconds(5));
        t.Respond(HttpMethod.Get, ExtractUrl, Job("throttled"));

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.LastSnapshot!.Status.ToString().Should().Be("throttled");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_CallerCancels_ThrowsOperationCanceledNotAJobException()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, ExtractUrl, Job("processing"));
        using var cts = new CancellationTokenSource();
        var seen = 0;
        var progress = new SyncProgress<ExtractJob>(_ =>
        {
            if (++seen == 3)
            {
                cts.Cancel();
            }
        });

        await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1", progress: progress, cancellationToken: cts.Token)))
            .Should().ThrowAsync<OperationCanceledException>();
        t.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_ProgressCallbackThrows_TheCallersExceptionEndsTheWaitAndIsNotRetried()
    {
        using var t = Client();
        t.Respond(HttpMethod.Get, ExtractUrl, Job("processing"));
        var progress = new SyncProgress<ExtractJob>(_ => throw new IOException("the caller's own disk is full"));

        (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1", progress: progress))).Should().ThrowAsync<IOException>())
            .Which.Message.Should().Be("the caller's own disk is full");
        t.Requests.Should().HaveCount(1, "an exception thrown by the caller's progress callback is not a transient failure of the poll");
    }

    [Fact]
    public async Task WaitForExtractJobAsync_StatusBodyTrickles_TheDeadlineCutsThePollAndEndsTheWait()
    {
        using var t = Client(p => p.Timeout = TimeSpan.FromSeconds(30));
        t.Respond(HttpMethod.Get, ExtractUrl, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new TricklingContent(t.Time, TestClient.Job("j1", "processing"), TimeSpan.FromSeconds(10)),
        });

        var ex = (await FluentActions.Awaiting(() => t.Run(t.Client.WaitForExtractJobAsync("j1"))).Should().ThrowAsync<JobTimeoutException>()).Which;

        t.Time.Elapsed.Should().Be(TimeSpan.FromSeconds(30), "the deadline bounds the poll, body included");
        ex.LastSnapshot.Should().BeNull();
    }

    [Fact]
    public async Task Wait_DeadlinePassesWhileAPollIsRead_ThrowsJobTimeoutNotOperationCanceled()
    {
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()));
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = PollingSettings.From(new PollingOptions { Timeout = TimeSpan.FromSeconds(10), Jitter = 0 }),
            Poll = _ =>
            {
                // The answer arrives, but only after the deadline has passed.
                clock.Advance(TimeSpan.FromSeconds(11));
                return Task.FromResult(new ApiResponse<ExtractJob>(new ExtractJob { JobId = "j1", Status = JobStatus.Processing }, null));
            },
        };

        var ex = (await FluentActions.Awaiting(() => clock.Run(poller.WaitAsync(request, CancellationToken.None))).Should().ThrowAsync<JobTimeoutException>()).Which;

        ex.LastSnapshot!.Status.Should().Be(JobStatus.Processing);
    }

    [Fact]
    public async Task WaitForExtractJobAsync_InvalidPollingOptions_ThrowBeforeAnyRequestNamingTheOption()
    {
        using var t = Client();

        foreach (var (polling, option) in new (PollingOptions, string)[]
        {
            (new PollingOptions { Multiplier = 0.5 }, "Multiplier"),
            (new PollingOptions { Jitter = double.NaN }, "Jitter"),
            (new PollingOptions { Multiplier = double.PositiveInfinity }, "Multiplier"),
            (new PollingOptions { InitialDelay = TimeSpan.FromSeconds(-1) }, "InitialDelay"),
            (new PollingOptions { Timeout = TimeSpan.Zero }, "Timeout"),
            (new PollingOptions { MaxConsecutiveErrors = 0 }, "MaxConsecutiveErrors"),
            (new PollingOptions { NotFoundGracePeriod = TimeSpan.FromSeconds(-5) }, "NotFoundGracePeriod"),
        })
        {
            var ex = (await FluentActions.Awaiting(() => t.Client.WaitForExtractJobAsync("j1", polling)).Should().ThrowAsync<ArgumentException>()).Which;
            ex.ParamName.Should().Be("polling");
            ex.Message.Should().Contain("PollingOptions." + option);
        }

        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task WaitForExtractJobAsync_PollingOptionsChangedAfterTheWaitStarted_ChangeNothing()
    {
        using var t = Client();
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(2), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(2), Jitter = 0 };
        var changed = false;
        var progress = new SyncProgress<ExtractJob>(_ =>
        {
            polling.InitialDelay = TimeSpan.FromMilliseconds(1);
            polling.Jitter = double.NaN;
            changed = true;
        });
        t.Sequence(HttpMethod.Get, ExtractUrl, Job("processing"), Job("processing"), Job("completed"));

        await t.Run(t.Client.WaitForExtractJobAsync("j1", polling, progress));

        changed.Should().BeTrue();
        t.Time.Delays.Should().Equal(Seconds(2, 2));
    }

    [Fact]
    public async Task WakeSignal_CutsTheSleepShortSoTheNextPollComesAtOnce()
    {
        var clock = new TestClock();
        var signal = new InProcessJobCompletionSignal();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()), signal);
        var polls = 0;
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = PollingSettings.From(new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1), Jitter = 0 }),
            Poll = ct =>
            {
                polls++;
                if (polls == 1)
                {
                    // The webhook arrives while the wait sleeps its minute.
                    _ = Task.Run(async () =>
                    {
                        while (clock.Delays.Count == 0)
                        {
                            await Task.Yield();
                        }

                        await signal.NotifyAsync("j1");
                    });
                }

                return Task.FromResult(new ApiResponse<ExtractJob>(new ExtractJob { JobId = "j1", Status = polls == 1 ? JobStatus.Processing : JobStatus.Completed }, null));
            },
        };

        var job = await poller.WaitAsync(request, CancellationToken.None);

        job.Status.Should().Be(JobStatus.Completed);
        clock.Elapsed.Should().Be(TimeSpan.Zero, "the signal ended the minute-long sleep at once");
        signal.SubscribedJobs.Should().Be(0, "the wait unsubscribes when it ends");
    }

    [Fact]
    public async Task DelayStrategy_IsReplaceable()
    {
        var clock = new TestClock();
        var poller = new JobPoller(clock, NullLogger.Instance, RetrySettings.From(new RetryOptions()), strategy: new FixedDelay(TimeSpan.FromSeconds(42)));
        var polls = 0;
        var request = new PollRequest<ExtractJob>
        {
            JobId = "j1",
            Kind = JobKind.Extract,
            Polling = PollingSettings.From(new PollingOptions { Jitter = 0, MaxDelay = TimeSpan.FromMinutes(1) }),
            Poll = _ => Task.FromResult(new ApiResponse<ExtractJob>(new ExtractJob { JobId = "j1", Status = ++polls < 3 ? JobStatus.Processing : JobStatus.Completed }, null)),
        };

        await clock.Run(poller.WaitAsync(request, CancellationToken.None));

        clock.Delays.Should().Equal(Seconds(42, 42));
    }

    private static TimeSpan[] Seconds(params double[] values) => values.Select(TimeSpan.FromSeconds).ToArray();

    private sealed class FixedDelay(TimeSpan delay) : IPollDelayStrategy
    {
        public PollDelay NextDelay(PollDelayContext context) => new(delay, "fixed");

        public void JobEnded(JobKind kind, TimeSpan duration)
        {
        }
    }
}
