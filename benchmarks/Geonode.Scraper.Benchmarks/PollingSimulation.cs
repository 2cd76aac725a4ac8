using System.Globalization;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <c>polling [--jobs N] [--seed S] [--max-delay D]</c>: DESIGN §11's polling figures. Each simulated job (<see cref="SimulatedJob"/>) is
/// waited for by the SDK's real <see cref="JobPoller"/> on its own <see cref="SimulationClock"/>, once with the SDK's default
/// policy (<see cref="DefaultPollStrategy"/>, <c>new PollingOptions()</c>, or its <c>MaxDelay</c> set by <c>--max-delay</c>) and once each with a fixed 2 s, 3 s and 5 s delay
/// on the same loop (no jitter: the first poll at once, then every N seconds). One strategy instance serves all the jobs of
/// a mix, in a fixed order, as one client would (the SDK's learns the durations of the extractions it has seen end).
/// Requests per job are status polls; detection delay is the time of the poll that first saw the terminal status minus the
/// job's true finish. Two job generators (<c>lognormal</c>, <c>heavy-tail</c>); every random source is seeded (the jobs,
/// the SDK's jitter, from <c>--seed</c>, default 0), so two runs print the same figures. Under each batch and crawl table,
/// one line splits the SDK's mean delay by how each job's end was seen (<see cref="EndSeen"/>), which the simulation can
/// tell because it knows when the last unit settled.
/// </summary>
internal static class PollingSimulation
{
    private static readonly RetrySettings Retry = RetrySettings.From(new RetryOptions());

    /// <summary>When the simulated jobs are created; only differences of timestamps matter.</summary>
    private static readonly DateTimeOffset Created = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var jobs = 2000;
        var seed = 0;
        TimeSpan? maxDelay = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--jobs" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                jobs = n;
            }
            else if (args[i] == "--seed" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var s) && s >= 0)
            {
                seed = s;
            }
            else if (args[i] == "--max-delay" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var d) && d >= 1)
            {
                maxDelay = TimeSpan.FromSeconds(d);
            }
            else
            {
                Console.Error.WriteLine("usage: polling [--jobs N] [--seed S] [--max-delay D]   (N simulated jobs per mix, default 2000; S ≥ 0 varies every random source, default 0; D seconds: the SDK's PollingOptions.MaxDelay, default unset = 15 s)");
                return 2;
            }
        }

        Policy[] policies =
        [
            new("sdk", () => new DefaultPollStrategy(), PollingSettings.From(new PollingOptions { MaxDelay = maxDelay })),
            Fixed(2),
            Fixed(3),
            Fixed(5),
        ];
        Mix[] mixes =
        [
            new("batch", null, SimulatedJob.Batch),
            new("crawl", null, SimulatedJob.Crawl),
            new("extract", null, SimulatedJob.Extract),
            new("batch", "heavy-tail", SimulatedJob.HeavyBatch),
            new("crawl", "heavy-tail", SimulatedJob.HeavyCrawl),
            new("extract", "heavy-tail", SimulatedJob.HeavyExtract),
        ];

        Console.WriteLine($"Polling simulation: {jobs} jobs per mix, seed {seed}, each waited for by the SDK's JobPoller on a fake clock"
            + (maxDelay is { } max ? $"; the SDK with PollingOptions.MaxDelay = {max.TotalSeconds:0} s." : "."));
        var summary = new List<string>();
        var missed = 0;
        for (var m = 0; m < mixes.Length; m++)
        {
            var mix = mixes[m];
            var models = Enumerable.Range(0, jobs).Select(j => mix.Create(new Random(Seed(seed, m, 0, j)))).ToArray();
            var durations = models.Select(j => j.Finish).ToArray();
            Console.WriteLine();
            Console.WriteLine(Invariant($"{mix.Name} ({mix.Generator ?? "lognormal"}): duration mean {durations.Average():F0} s, p50 {Percentile(durations, 0.5):F0} s, p95 {Percentile(durations, 0.95):F0} s, max {durations.Max():F0} s; units per job mean {models.Average(j => j.Units):F0}"));
            Console.WriteLine("| policy | requests/job mean | p50 | p95 | detection delay mean (s) | p50 | p95 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            var results = new Stats[policies.Length];
            Outcome[]? sdkOutcomes = null;
            for (var p = 0; p < policies.Length; p++)
            {
                // One strategy for the whole mix, as one client's; the jobs in a fixed order.
                var strategy = policies[p].Strategy();
                var outcomes = models.Select((job, j) => Simulate(job, strategy, policies[p].Settings, Seed(seed, m, p + 1, j))).ToArray();
                results[p] = new Stats(outcomes.Select(o => (double)o.Requests).ToArray(), outcomes.Select(o => o.Delay).ToArray());
                var st = results[p];
                Console.WriteLine(Invariant($"| {policies[p].Name} | {st.Requests.Average():F1} | {Percentile(st.Requests, 0.5):F0} | {Percentile(st.Requests, 0.95):F0} | {st.Delays.Average():F2} | {Percentile(st.Delays, 0.5):F2} | {Percentile(st.Delays, 0.95):F2} |"));
                if (p == 0)
                {
                    sdkOutcomes = outcomes;
                }
            }

            if (mix.Name != "extract")
            {
                Console.WriteLine(EndSeen(models, sdkOutcomes!));
            }

            var sdk = results[0];
            var fixed3 = results[2];
            var ratio = sdk.Requests.Average() / fixed3.Requests.Average();
            var delay = sdk.Delays.Average();
            var (met, target) = mix.Name == "extract"
                ? (ratio <= 1 && delay <= fixed3.Delays.Average(), "no more requests than fixed3 at no more mean delay")
                : (ratio <= 0.3 && delay <= 1.0, "at most 0.3x the requests of fixed3 at a mean delay of at most 1.0 s");
            missed += met ? 0 : 1;
            Console.WriteLine(Invariant($"sdk/fixed3: {ratio:F2}x the requests, {delay - fixed3.Delays.Average():+0.00;-0.00} s mean delay") + (met ? $" (target met: {target})" : $" (target MISSED: {target})"));
            var label = mix.Generator is null ? mix.Name : $"{mix.Name} ({mix.Generator})";
            summary.Add(Invariant($"polling {label}: sdk {sdk.Requests.Average():F1} req {delay:F2} s, fixed3 {fixed3.Requests.Average():F1} req {fixed3.Delays.Average():F2} s"));
        }

        Console.WriteLine();
        summary.ForEach(Console.WriteLine);
        Console.WriteLine(missed == 0 ? "polling targets: all met" : $"polling targets: {missed} of {mixes.Length} missed");
        return 0;
    }

    private static Policy Fixed(int seconds) => new(
        $"fixed{seconds}",
        () => new FixedPollDelay(TimeSpan.FromSeconds(seconds)),
        PollingSettings.From(new PollingOptions { InitialDelay = TimeSpan.FromSeconds(seconds), Jitter = 0 }));

    /// <summary>Waits for one simulated job with the real poller and returns its cost and its detection delay.</summary>
    private static Outcome Simulate(SimulatedJob job, IPollDelayStrategy strategy, PollingSettings settings, int seed)
    {
        Backoff.Seed(seed);
        var clock = new SimulationClock();
        var poller = new JobPoller(clock, NullLogger.Instance, Retry, strategy: strategy);
        var polls = 0;
        var seenAt = double.NaN;
        var lastOpen = double.NaN;

        Func<CancellationToken, Task<ApiResponse<TJob>>> Poll<TJob>(Func<double, TJob> read)
            where TJob : class, IScraperJob => _ =>
        {
            polls++;
            var t = clock.Elapsed.TotalSeconds;
            var snapshot = read(t);
            if (!snapshot.Status.IsTerminal)
            {
                lastOpen = t;
            }
            else if (double.IsNaN(seenAt))
            {
                seenAt = t;
            }

            return Task.FromResult(new ApiResponse<TJob>(snapshot, null));
        };

        Task wait = job.Kind switch
        {
            JobKind.Batch => poller.WaitAsync(
                new PollRequest<BatchJob>
                {
                    JobId = "batch",
                    Kind = JobKind.Batch,
                    Polling = settings,
                    ProgressOf = b => BatchJobs.Descriptor.Progress(b),
                    Poll = Poll(t =>
                    {
                        var (done, total) = job.CountersAt(t);
                        return new BatchJob { JobId = "batch", Status = job.StatusAt(t), TotalUrls = total, CompletedUrls = done, PendingUrls = total - done };
                    }),
                },
                CancellationToken.None),
            JobKind.Crawl => poller.WaitAsync(
                new PollRequest<CrawlJob>
                {
                    JobId = "crawl",
                    Kind = JobKind.Crawl,
                    Polling = settings,
                    ProgressOf = c => CrawlJobs.Descriptor.Progress(c),
                    Poll = Poll(t =>
                    {
                        var (done, total) = job.CountersAt(t);
                        return new CrawlJob { JobId = "crawl", Status = job.StatusAt(t), TotalPages = total, CompletedPages = done };
                    }),
                },
                CancellationToken.None),
            _ => poller.WaitAsync(
                new PollRequest<ExtractJob>
                {
                    JobId = "extract",
                    Kind = JobKind.Extract,
                    Polling = settings,
                    DurationOf = static e => e.CompletedAt - e.CreatedAt,
                    Poll = Poll(t =>
                    {
                        var status = job.StatusAt(t);
                        return new ExtractJob { JobId = "extract", Status = status, CreatedAt = Created, CompletedAt = status.IsTerminal ? Created.AddSeconds(job.CompletedAt) : null };
                    }),
                },
                CancellationToken.None),
        };

        clock.Run(wait);
        return new Outcome(polls, seenAt - job.Finish, seenAt - lastOpen, lastOpen >= job.LastSettle);
    }

    /// <summary>Splits the mean detection delay by how each job's end was seen: after a poll had found the job open with
    /// every unit settled (the wait was on the status flip); else over counters that hung at the end (heavy-tail); else by
    /// a poll that jumped over the end, by the length of the sleep before it. Each part is its share of the jobs and what it
    /// adds to the mean delay, so the parts add up to the mean.</summary>
    private static string EndSeen(SimulatedJob[] jobs, Outcome[] outcomes)
    {
        var parts = new (string Name, Func<SimulatedJob, Outcome, bool> Is)[]
        {
            ("status flip awaited", (_, o) => o.OpenAfterLastUnit),
            ("end hang", (j, o) => !o.OpenAfterLastUnit && j.Hangs),
            ("jumped over from a sleep of 10 s or more", (j, o) => !o.OpenAfterLastUnit && !j.Hangs && o.LastSleep >= 10),
            ("5-10 s", (j, o) => !o.OpenAfterLastUnit && !j.Hangs && o.LastSleep is >= 5 and < 10),
            ("under 5 s", (j, o) => !o.OpenAfterLastUnit && !j.Hangs && !(o.LastSleep >= 5)),
        };
        var text = parts.Select(part =>
        {
            var delays = jobs.Zip(outcomes).Where(x => part.Is(x.First, x.Second)).Select(x => x.Second.Delay).ToArray();
            return Invariant($"{part.Name} {(double)delays.Length / jobs.Length:P0} +{delays.Sum() / jobs.Length:F2} s");
        });
        return "sdk mean delay by how the end was seen: " + string.Join("; ", text);
    }

    /// <summary>A distinct, fixed seed for each run seed, mix, policy (0 for the job models) and job; run seed 0 gives the
    /// seeds of the runs before <c>--seed</c> existed.</summary>
    private static int Seed(int run, int mix, int policy, int job) => unchecked((((mix * 8) + policy) * 1_000_003) + job + (run * 48_271_069));

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Policy(string Name, Func<IPollDelayStrategy> Strategy, PollingSettings Settings);

    private sealed record Mix(string Name, string? Generator, Func<Random, SimulatedJob> Create);

    /// <summary>One wait's cost: its status polls, its detection delay, the sleep before the poll that saw the end (NaN
    /// when the first poll did), and whether a poll found the job open after its last unit had settled.</summary>
    private sealed record Outcome(int Requests, double Delay, double LastSleep, bool OpenAfterLastUnit);

    private sealed record Stats(double[] Requests, double[] Delays);
}
