using System.Globalization;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <c>polling [--jobs N]</c>: DESIGN §11's polling figures. Each simulated job (<see cref="SimulatedJob"/>) is waited for by
/// the SDK's real <see cref="JobPoller"/> on its own <see cref="SimulationClock"/>, once with the SDK's default policy
/// (<see cref="FinishPrediction"/>, <c>new PollingOptions()</c>) and once each with a fixed 2 s, 3 s and 5 s delay on the
/// same loop (no jitter: the first poll at once, then every N seconds). Requests per job are status polls; detection delay
/// is the time of the poll that first saw the terminal status minus the job's true finish. Every random source is seeded,
/// so two runs print the same figures.
/// </summary>
internal static class PollingSimulation
{
    private static readonly RetrySettings Retry = RetrySettings.From(new RetryOptions());

    public static int Run(string[] args)
    {
        var jobs = 2000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--jobs" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                jobs = n;
            }
            else
            {
                Console.Error.WriteLine("usage: polling [--jobs N]   (N simulated jobs per mix; default 2000)");
                return 2;
            }
        }

        Policy[] policies =
        [
            new("sdk", FinishPrediction.Instance, PollingSettings.From(new PollingOptions())),
            Fixed(2),
            Fixed(3),
            Fixed(5),
        ];
        Mix[] mixes =
        [
            new("batch", SimulatedJob.Batch),
            new("crawl", SimulatedJob.Crawl),
            new("extract", SimulatedJob.Extract),
        ];

        Console.WriteLine($"Polling simulation: {jobs} jobs per mix, each waited for by the SDK's JobPoller on a fake clock.");
        var summary = new List<string>();
        for (var m = 0; m < mixes.Length; m++)
        {
            var mix = mixes[m];
            var models = Enumerable.Range(0, jobs).Select(j => mix.Create(new Random(Seed(m, 0, j)))).ToArray();
            var durations = models.Select(j => j.Finish).ToArray();
            Console.WriteLine();
            Console.WriteLine(Invariant($"{mix.Name}: duration mean {durations.Average():F0} s, p50 {Percentile(durations, 0.5):F0} s, p95 {Percentile(durations, 0.95):F0} s; units per job mean {models.Average(j => j.Units):F0}"));
            Console.WriteLine("| policy | requests/job mean | p50 | p95 | detection delay mean (s) | p50 | p95 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            var results = new Stats[policies.Length];
            for (var p = 0; p < policies.Length; p++)
            {
                var outcomes = models.Select((job, j) => Simulate(job, policies[p], Seed(m, p + 1, j))).ToArray();
                results[p] = new Stats(outcomes.Select(o => (double)o.Requests).ToArray(), outcomes.Select(o => o.Delay).ToArray());
                var s = results[p];
                Console.WriteLine(Invariant($"| {policies[p].Name} | {s.Requests.Average():F1} | {Percentile(s.Requests, 0.5):F0} | {Percentile(s.Requests, 0.95):F0} | {s.Delays.Average():F2} | {Percentile(s.Delays, 0.5):F2} | {Percentile(s.Delays, 0.95):F2} |"));
            }

            var sdk = results[0];
            var fixed3 = results[2];
            var ratio = sdk.Requests.Average() / fixed3.Requests.Average();
            var met = ratio <= 0.5 && sdk.Delays.Average() <= fixed3.Delays.Average();
            Console.WriteLine(Invariant($"sdk/fixed3: {ratio:F2}x the requests, {sdk.Delays.Average() - fixed3.Delays.Average():+0.00;-0.00} s mean delay") + (mix.Name == "extract" ? " (no target: an extraction has no counters)" : met ? " (target met: at most 0.5x at no more mean delay)" : " (target MISSED: at most 0.5x at no more mean delay)"));
            summary.Add(Invariant($"polling {mix.Name}: sdk {sdk.Requests.Average():F1} req {sdk.Delays.Average():F2} s, fixed3 {fixed3.Requests.Average():F1} req {fixed3.Delays.Average():F2} s"));
        }

        Console.WriteLine();
        summary.ForEach(Console.WriteLine);
        return 0;
    }

    private static Policy Fixed(int seconds) => new(
        $"fixed{seconds}",
        new FixedPollDelay(TimeSpan.FromSeconds(seconds)),
        PollingSettings.From(new PollingOptions { InitialDelay = TimeSpan.FromSeconds(seconds), Jitter = 0 }));

    /// <summary>Waits for one simulated job with the real poller and returns its cost and its detection delay.</summary>
    private static Outcome Simulate(SimulatedJob job, Policy policy, int seed)
    {
        Backoff.Seed(seed);
        var clock = new SimulationClock();
        var poller = new JobPoller(clock, NullLogger.Instance, Retry, strategy: policy.Strategy);
        var polls = 0;
        var seenAt = double.NaN;

        Func<CancellationToken, Task<ApiResponse<TJob>>> Poll<TJob>(Func<double, TJob> read)
            where TJob : class, IScraperJob => _ =>
        {
            polls++;
            var t = clock.Elapsed.TotalSeconds;
            var snapshot = read(t);
            if (snapshot.Status.IsTerminal && double.IsNaN(seenAt))
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
                    Polling = policy.Settings,
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
                    Polling = policy.Settings,
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
                    Polling = policy.Settings,
                    Poll = Poll(t => new ExtractJob { JobId = "extract", Status = job.StatusAt(t) }),
                },
                CancellationToken.None),
        };

        clock.Run(wait);
        return new Outcome(polls, seenAt - job.Finish);
    }

    /// <summary>A distinct, fixed seed for each mix, policy (0 for the job models) and job.</summary>
    private static int Seed(int mix, int policy, int job) => (((mix * 8) + policy) * 1_000_003) + job;

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Policy(string Name, IPollDelayStrategy Strategy, PollingSettings Settings);

    private sealed record Mix(string Name, Func<Random, SimulatedJob> Create);

    private sealed record Outcome(int Requests, double Delay);

    private sealed record Stats(double[] Requests, double[] Delays);
}
