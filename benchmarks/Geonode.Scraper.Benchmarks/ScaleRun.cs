using System.Diagnostics;
using System.Globalization;
using Geonode.Scraper.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <c>scale [--waits N] [--di] [--max-connections N] [--page-time SECONDS]</c>: DESIGN §11's scale figures. The emulator
/// runs in a child process (this program with <c>scale --serve</c>), so its memory, threads and request log do not count
/// against the client; it starts one batch of 3 URLs per wait, each taking the page time, before any wait begins. Then
/// this process opens every wait at once on one client (<c>new ScraperClient(options)</c>, or with <c>--di</c> an
/// <see cref="IScraperClient"/> resolved per wait from <c>AddGeonodeScraper</c>, as an application's scopes would) and
/// samples itself (<see cref="ProcessSampler"/>) until all have ended. Memory per wait is (peak working set − the working
/// set just before the waits, after a warm-up wait) / waits. Exit code 0 only when every wait completed.
/// </summary>
internal static class ScaleRun
{
    private const string Usage = "usage: scale [--waits N] [--di] [--max-connections N] [--page-time SECONDS]";

    public static async Task<int> RunAsync(string[] args)
    {
        var waits = 10_000;
        var di = false;
        var serve = false;
        var maxConnections = new ScraperClientOptions().MaxConnectionsPerServer;
        var pageSeconds = 0.0;
        for (var i = 0; i < args.Length; i++)
        {
            var ok = args[i] switch
            {
                "--waits" => TryInt(args, ++i, out waits),
                "--max-connections" => TryInt(args, ++i, out maxConnections),
                "--page-time" => TryDouble(args, ++i, out pageSeconds),
                "--di" => di = true,
                "--serve" => serve = true,
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        // Long enough that every job is still running when the last wait starts: the waits start after all the jobs and a
        // 1.5 s warm-up, and starting 10,000 jobs takes 2-12 s on 2 busy cores. The run checks it and prints the answer.
        var page = TimeSpan.FromSeconds(pageSeconds > 0 ? pageSeconds : Math.Clamp(waits / 500.0, 5, 30));
        return serve ? await ServeAsync(waits, page) : await MeasureAsync(waits, di, maxConnections, page);
    }

    private static async Task<int> MeasureAsync(int waits, bool di, int maxConnections, TimeSpan pageTime)
    {
        using var emulator = StartEmulatorProcess(waits, pageTime);
        var ready = (await emulator.StandardOutput.ReadLineAsync())?.Split(' ');
        if (ready is not ["ready", var address, var key, var startSeconds])
        {
            Console.Error.WriteLine($"the emulator process did not start: {ready?.FirstOrDefault() ?? await emulator.StandardError.ReadToEndAsync()}");
            return 1;
        }

        // One more job than waits: the last one warms the client up.
        var jobIds = new string[waits + 1];
        for (var i = 0; i < jobIds.Length; i++)
        {
            jobIds[i] = await emulator.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the emulator process ended early");
        }

        var baseAddress = new Uri(address);
        void Configure(ScraperClientOptions o)
        {
            o.ApiKey = key;
            o.BaseAddress = baseAddress;
            o.MaxConnectionsPerServer = maxConnections;
        }

        var options = new ScraperClientOptions();
        Configure(options);
        using var client = di ? null : new ScraperClient(options);
        await using var provider = di ? new ServiceCollection().AddGeonodeScraper(Configure).Services.BuildServiceProvider() : null;
        Func<IScraperClient> clientFor = di ? provider!.GetRequiredService<IScraperClient> : () => client!;

        // Warm-up: one wait on the extra job, cancelled after 1.5 s, so that the baseline already holds the JIT-compiled
        // code, the connection pool and the JSON metadata that the first wait of any process pays for.
        using (var warmUp = new CancellationTokenSource(TimeSpan.FromSeconds(1.5)))
        {
            try
            {
                await clientFor().WaitForBatchAsync(jobIds[waits], cancellationToken: warmUp.Token);
            }
            catch (OperationCanceledException) when (warmUp.IsCancellationRequested)
            {
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = Environment.WorkingSet;
        var completed = 0;
        var failed = 0;
        var active = 0;
        var peakActive = 0;
        string? firstError = null;
        var firstFinish = DateTimeOffset.MaxValue;
        var gate = new object();
        var snapshots = new SnapshotCounter();

        async Task WaitOneAsync(string jobId, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref active);
            lock (gate)
            {
                peakActive = Math.Max(peakActive, now);
            }

            try
            {
                var job = await clientFor().WaitForBatchAsync(jobId, progress: snapshots, cancellationToken: cancellationToken);
                Interlocked.Increment(ref completed);
                lock (gate)
                {
                    firstFinish = job.CompletedAt is { } at && at < firstFinish ? at : firstFinish;
                }
            }
            catch (Exception ex) when (ex is ScraperException or HttpRequestException or OperationCanceledException or TimeoutException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        }

        var loadBefore = Machine.LoadAverage();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var sampler = new ProcessSampler(baseAddress.Port);
        var cpuBefore = (Client: Process.GetCurrentProcess().TotalProcessorTime, Emulator: emulator.TotalProcessorTime);
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task[waits];
        for (var i = 0; i < waits; i++)
        {
            tasks[i] = WaitOneAsync(jobIds[i], giveUp.Token);
        }

        var lastStarted = TimeProvider.System.GetUtcNow();
        await Task.WhenAll(tasks);
        stopwatch.Stop();
        sampler.Dispose();
        emulator.Refresh();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Client;
        var emulatorCpu = emulator.TotalProcessorTime - cpuBefore.Emulator;

        var perWaitKb = (sampler.PeakWorkingSet - baseline) / 1024.0 / waits;
        Console.WriteLine(Invariant($"client: {(di ? "AddGeonodeScraper, one IScraperClient resolved per wait" : "one ScraperClient")}, MaxConnectionsPerServer {maxConnections}; jobs: batches of 3 URLs, page time {pageTime.TotalSeconds:0.#} s, started in {startSeconds} s"));
        Console.WriteLine(Invariant($"concurrency: peak {peakActive} waits in flight; all started before the first job completed: {(lastStarted < firstFinish ? "yes" : "NO")}; {snapshots.Count} status polls, {(double)snapshots.Count / waits:F1} per wait"));
        Console.WriteLine(Invariant($"memory: baseline {baseline / 1048576.0:F0} MB after a warm-up wait, peak {sampler.PeakWorkingSet / 1048576.0:F0} MB (working set, {sampler.Samples} samples; managed heap peak {sampler.PeakManagedHeap / 1048576.0:F0} MB)"));
        Console.WriteLine(Invariant($"cpu: client {clientCpu.TotalSeconds:F1} s, emulator {emulatorCpu.TotalSeconds:F1} s in {stopwatch.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores; machine load average {loadBefore} before the waits, {Machine.LoadAverage()} after"));
        Console.WriteLine(Invariant($"thread pool: peak {sampler.PeakThreads} threads, peak {sampler.PeakPendingWorkItems} queued work items; worst wait of a probe work item {sampler.WorstDispatch.TotalMilliseconds:F0} ms (at {sampler.WorstDispatchAt.TotalSeconds:F1} s), after the first {ProcessSampler.Settled.TotalSeconds:F0} s {sampler.WorstDispatchSettled.TotalMilliseconds:F0} ms; worst lateness of the sampler's own thread {sampler.WorstTickLateness.TotalMilliseconds:F0} ms"));
        if (firstError is not null)
        {
            Console.WriteLine($"first failure: {firstError}");
        }

        var connections = TcpConnections.Supported ? sampler.PeakConnections.ToString(CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine(Invariant($"waits: {completed} completed, {failed} failed, peak connections {connections}, peak memory {sampler.PeakWorkingSet / 1048576.0:F0} MB, {perWaitKb:F1} KB per wait, {stopwatch.Elapsed.TotalSeconds:F1} s"));
        emulator.StandardInput.Close();
        if (!emulator.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            emulator.Kill();
        }

        return completed == waits ? 0 : 1;
    }

    /// <summary>Starts this program as <c>scale --serve</c>: the emulator and the jobs, in a process of their own.</summary>
    private static Process StartEmulatorProcess(int jobs, TimeSpan pageTime)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ScaleRun).Assembly.Location);
        }

        foreach (var arg in new[] { "scale", "--serve", "--waits", jobs.ToString(CultureInfo.InvariantCulture), "--page-time", pageTime.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator process");
    }

    /// <summary>The child: starts the emulator and the jobs, writes <c>ready address key</c> and the job ids, and stops
    /// when its standard input closes.</summary>
    private static async Task<int> ServeAsync(int jobs, TimeSpan pageTime)
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { PageTime = pageTime });
        var ids = new string[jobs + 1];
        var stopwatch = Stopwatch.StartNew();
        using (var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress }))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, jobs + 1), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            {
                var urls = Enumerable.Range(0, 3).Select(k => $"https://scale.example.com/{i}/{k}").ToArray();
                ids[i] = (await client.StartBatchAsync(new BatchRequest { Urls = urls }, ct)).JobId;
            });
        }

        await Console.Out.WriteLineAsync(Invariant($"ready {emulator.BaseAddress} {emulator.ApiKey} {stopwatch.Elapsed.TotalSeconds:F1}"));
        await Console.Out.WriteLineAsync(string.Join('\n', ids));
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static bool TryInt(string[] args, int i, out int value)
    {
        value = 0;
        return i < args.Length && int.TryParse(args[i], CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static bool TryDouble(string[] args, int i, out double value)
    {
        value = 0;
        return i < args.Length && double.TryParse(args[i], CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts the snapshots every wait reports: one per successful status poll.</summary>
    private sealed class SnapshotCounter : IProgress<BatchJob>
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Report(BatchJob value) => Interlocked.Increment(ref _count);
    }
}
