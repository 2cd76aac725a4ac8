using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql;
using Npgsql;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <c>replicas [--jobs 1000] [--replicas 3] [--limit 30] [--window 45] [--kill] [--seed 42]</c>: the PostgreSQL coordination
/// package (docs/scale-out.md) under load, against the emulator in this process. Each replica is a child process
/// (<see cref="ReplicaChild"/>) with its own service provider, all sharing one throwaway schema of the local PostgreSQL
/// (created here, dropped at the end). The emulator delivers every webhook to replica 0 only; the waits run on all of them.
/// Jobs are batches started under idempotency keys, about a third of the keys sent to two or three replicas at the same
/// instant; at most <c>--window</c> keys are in flight, each job holds a slot of the shared limiter of <c>--limit</c>.
/// With <c>--kill</c>, the last replica is killed (<see cref="Process.Kill()"/>, no clean shutdown) once half the jobs are
/// done, and its unfinished keys are sent again, under the same keys, to the others. Ends with
/// <c>replicas: N jobs on R replicas, wake p50 X ms, p99 Y ms, duplicate POSTs D, over limit O, lost L</c>, where wake is
/// the time from a delivery's arrival at replica 0 to the result of each wait (on any replica) that was waiting for it,
/// duplicate POSTs are the POSTs the emulator received beyond one per key, over limit is how far the most jobs running at
/// once on the emulator went past the limit, and lost are the keys for which no wait returned a terminal result.
/// Exit code 0 only when there are no duplicates, nothing over the limit and nothing lost; 2 when PostgreSQL is unreachable.
/// </summary>
internal static class ReplicasRun
{
    public const string ConnectionStringVariable = "GEONODE_POSTGRES_CONNECTION_STRING";

    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=geonode;Password=geonode;Database=geonode_scraper";

    private const string Usage = "usage: replicas [--jobs N] [--replicas N] [--limit N] [--window N] [--kill] [--seed N]";

    /// <summary>At most this many keys (a tenth of the measured ones, at least 3) run first, each on every replica, so that
    /// the measured ones do not pay for the first calls of each process (JIT compilation, first connections): checked for
    /// duplicates and losses like the others, left out of the wake-up figures and of the job count of the last line.</summary>
    private const int MaxWarmUpJobs = 30;

    /// <summary>The prefix of the run's throwaway schema, followed by its UTC time (<c>yyyyMMddHHmmss</c>) and a random part.</summary>
    private const string SchemaPrefix = "geonode_bench_";

    /// <summary>The measured keys are <c>k00000</c>, <c>k00001</c>...; the warm-up ones <c>w00000</c>...</summary>
    private const string MeasuredPrefix = "k";

    /// <summary>How long the run waits without any job ending before it counts what is left as lost: well past the ledger's
    /// 30 s lease, after which the claims of a killed replica are taken over.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string[] args)
    {
        int jobs = 1000, replicas = 3, limit = 30, window = 45, seed = 42;
        var kill = false;
        for (var i = 0; i < args.Length; i++)
        {
            var ok = args[i] switch
            {
                "--jobs" => TryInt(args, ++i, out jobs),
                "--replicas" => TryInt(args, ++i, out replicas),
                "--limit" => TryInt(args, ++i, out limit),
                "--window" => TryInt(args, ++i, out window),
                "--seed" => TryInt(args, ++i, out seed),
                "--kill" => kill = true,
                _ => false,
            };
            if (!ok || (kill && replicas < 2))
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;
        if (await UnreachableAsync(connectionString) is { } reason)
        {
            Console.Error.WriteLine($"replicas: PostgreSQL is not reachable ({reason}): run `bash eng/postgres-up.sh` first (or set {ConnectionStringVariable}).");
            return 2;
        }

        var schema = $"{SchemaPrefix}{TimeProvider.System.GetUtcNow():yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ConnectionString);
        await DropStaleSchemasAsync(admin);
        await PostgreSqlCoordinationSchema.ApplyAsync(admin, schema);
        try
        {
            return await MeasureAsync(connectionString, admin, schema, jobs, replicas, limit, window, seed, kill);
        }
        finally
        {
            await using var drop = admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<int> MeasureAsync(string connectionString, NpgsqlDataSource admin, string schema, int jobs, int replicaCount, int limit, int window, int seed, bool kill)
    {
        var clock = Stopwatch.StartNew();
        var loadBefore = Machine.LoadAverage();

        // Jobs of 1.2 to 2.2 s (queue 0.2 s, then 4 to 8 pages of 0.25 s one after the other): the waits' first poll (about
        // 1 s after the start) finds them running, so that they end by a wake-up or, failing that, the 1-minute fallback poll.
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            QueueTime = TimeSpan.FromMilliseconds(200),
            PageTime = TimeSpan.FromMilliseconds(250),
            Parallelism = 1,
            ConcurrencyLimit = limit,
        });
        using var setup = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        // The emulator delivers to webhooks registered through the API; the address is set once replica 0 listens.
        var hook = await setup.CreateWebhookAsync(new WebhookCreateRequest { Url = "http://127.0.0.1:9/not-yet", EventType = WebhookEventType.BatchCompleted });
        var events = Channel.CreateUnbounded<(int Replica, string? Line)>();
        var replicas = new List<Replica>();
        try
        {
            for (var i = 0; i < replicaCount; i++)
            {
                replicas.Add(Replica.Start(i, emulator, hook.Secret!, connectionString, schema, limit, window, events.Writer));
            }

            using (var starting = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
            {
                var ready = 0;
                while (ready < replicaCount)
                {
                    var (index, line) = await events.Reader.ReadAsync(starting.Token);
                    if (line is null)
                    {
                        throw new InvalidOperationException($"replica {index} exited before it was ready (exit code {replicas[index].ExitCode})");
                    }

                    if (line.Split(' ') is ["ready", var port, _])
                    {
                        replicas[index].Port = int.Parse(port, CultureInfo.InvariantCulture);
                        ready++;
                    }
                }
            }

            await setup.UpdateWebhookAsync(hook.Id, new WebhookUpdateRequest { Url = $"http://127.0.0.1:{replicas[0].Port}{AspNetCore.GeonodeScraperWebhookOptions.DefaultPath}" });
            Progress($"schema {schema}, emulator {emulator.BaseAddress}, {replicaCount} replicas ready (pids {string.Join(", ", replicas.Select(r => r.Pid))}) in {clock.Elapsed.TotalSeconds:F1} s; webhooks to replica 0");

            var warmUp = Math.Clamp(jobs / 10, 3, MaxWarmUpJobs);
            var outcome = await DriveAsync(replicas, events.Reader, warmUp, jobs, window, seed, kill);
            var elapsed = clock.Elapsed;

            // What the emulator saw: one POST per key, and never more jobs running at once than the shared limit.
            var posts = emulator.CountRequests("POST", "/v1/batch");
            var created = emulator.CreatedJobs;
            var keysCreated = created.Select(j => KeyOf(j.Urls[0])).Distinct().Count();
            var duplicates = posts - keysCreated;
            var overLimit = Math.Max(0, emulator.MaxConcurrentJobs - limit);
            var statusPolls = emulator.CountRequests("GET", "/v1/batch/*");
            var lost = warmUp + jobs - outcome.Results.Count;
            var ledger = new PostgreSqlJobLedger(admin, new PostgreSqlCoordinationOptions { Schema = schema, ApplySchema = false });
            var inFlight = (await ledger.ListInFlightAsync()).Count;

            var wakes = outcome.Wakes(measured: true);
            var warmUpWakes = outcome.Wakes(measured: false);
            var all = wakes.All.Select(w => w.Total).Order().ToList();
            Progress($"{outcome.Results.Count} of {warmUp} + {jobs} keys ended ({outcome.Results.Values.Count(s => s == "completed")} completed) in {elapsed.TotalSeconds:F1} s; {outcome.Waits} waits ({outcome.Waits - outcome.Results.Count} followed a key sent to another replica too), {outcome.Errors} errors, {outcome.SplitKeys} keys whose waits saw different jobs");
            Progress($"emulator: {posts} POST /v1/batch for {keysCreated} keys, {created.Count} jobs, peak {emulator.MaxConcurrentJobs} running at once (limit {limit}), {statusPolls} status polls ({(double)statusPolls / Math.Max(1, outcome.Waits):F1} per wait); ledger entries still in flight {inFlight}");
            Progress($"wake: {all.Count} waits were waiting when their delivery arrived ({wakes.EndedBeforeDelivery} more ended before it, {wakes.StartedAfterDelivery} began after it, {wakes.NoDelivery} had none; the warm-up's {warmUpWakes.All.Count}, left out: {Spread(warmUpWakes.All, w => w.Total)} ms); p50/p99/max {Spread(wakes.All, w => w.Total)} ms, on the receiving replica {Spread(wakes.All.Where(w => w.Replica == replicas[0].Index), w => w.Total)}, on the others {Spread(wakes.All.Where(w => w.Replica != replicas[0].Index), w => w.Total)}");
            Progress($"wake path, p50/p99/max ms after the delivery arrived: NotifyAsync began {Spread(wakes.All, w => w.ToNotify)} and took {Spread(wakes.All, w => w.Notify)}, delivery answered {Spread(wakes.All, w => w.ToAnswer)}, wake-up heard {Spread(wakes.All, w => w.ToHear)} ({wakes.All.Count(w => w.Heard == 0)} never heard: a poll came first), then the result {Spread(wakes.All, w => w.HeardToResult)} later (the wait's own callback held the listener's thread {Spread(wakes.All, w => w.WaitCallback)})");
            var byTime = wakes.All.OrderBy(w => w.Delivery.Arrived).ToList();
            var tenth = Math.Max(1, byTime.Count / 10);
            Progress($"wake by time of delivery, p50/p99/max per tenth of the run: {string.Join(", ", byTime.Chunk(tenth).Select(c => Spread(c, w => w.Total)))}");
            foreach (var slow in wakes.All.OrderByDescending(w => w.Total).Take(3))
            {
                Progress($"  slowest: replica {slow.Replica}, job {slow.JobId}, delivered at {Stopwatch.GetElapsedTime(outcome.Measured, slow.Delivery.Arrived).TotalSeconds:F1} s: {slow.Total:F0} ms (answered {slow.ToAnswer:F0}, heard {slow.ToHear:F0}, result {slow.HeardToResult:F0} after)");
            }

            Progress($"machine: {Environment.ProcessorCount} cores shared with whatever else runs; load average {loadBefore} at the start, {Machine.LoadAverage()} at the end; CPU pressure {Machine.CpuPressure()}");
            if (outcome.Killed is { } killed)
            {
                Progress($"killed replica {killed.Index} (pid {killed.Pid}, Process.Kill) at {killed.At.TotalSeconds:F1} s with {killed.Unfinished} keys unfinished there; {killed.Resent} sent again to the other replicas under the same keys, which ended {(outcome.OrphansEnded.Count == 0 ? "-" : Invariant($"{outcome.OrphansEnded.Min():F1} to {outcome.OrphansEnded.Max():F1} s"))} after (a claim the dead replica had not started waits for its lease, 30 s, to expire)");
            }

            Console.WriteLine(Invariant($"replicas: {jobs} jobs on {replicaCount} replicas, wake p50 {Percentile(all, 50):F0} ms, p99 {Percentile(all, 99):F0} ms, duplicate POSTs {duplicates}, over limit {overLimit}, lost {lost}"));
            return duplicates == 0 && overLimit == 0 && lost == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Dispose();
            }
        }
    }

    /// <summary>Sends the warm-up keys, each to every replica, then once they have all ended the measured keys (at most
    /// <paramref name="window"/> unfinished at once), and collects what the replicas say, until every key has a result or
    /// nothing has ended for <see cref="Stalled"/>.</summary>
    private static async Task<Outcome> DriveAsync(List<Replica> replicas, ChannelReader<(int Replica, string? Line)> events, int warmUp, int jobs, int window, int seed, bool kill)
    {
        var outcome = new Outcome();
        var total = warmUp + jobs;
        var random = new Random(seed);
        var sentTo = new Dictionary<string, List<int>>();
        var urls = new Dictionary<string, int>();
        var next = 0;
        var errorsShown = 0;
        var reported = 0;
        var started = outcome.Began;
        var pending = new int[replicas.Count];

        void Send(string key, int replica)
        {
            sentTo[key].Add(replica);
            pending[replica]++;
            replicas[replica].Send($"job {key} {urls[key]}");
        }

        void Handle(int index, string? line)
        {
            switch (line?.Split(' ', 3))
            {
                case null:
                    if (!replicas[index].Killed && !replicas[index].Stopping)
                    {
                        Progress($"replica {index} exited on its own (exit code {replicas[index].ExitCode})");
                    }

                    break;
                case ["delivered", var jobId, var rest] when rest.Split(' ') is [var arrived, var answered, var notifyStart, var notifyEnd]:
                    outcome.Delivered.TryAdd(jobId, new Delivery(Long(arrived), Long(answered), Long(notifyStart), Long(notifyEnd)));
                    break;
                case ["done", var key, var rest] when rest.Split(' ') is [var jobId, var status, var waitStarted, var waitEnded, var heard, var afterWait]:
                    pending[index]--;
                    outcome.Waits++;
                    outcome.Ended.Add(new WaitTimes(index, key, jobId, Long(waitStarted), Long(waitEnded), Long(heard), Long(afterWait)));
                    if (outcome.JobOf.TryGetValue(key, out var seen) && seen != jobId)
                    {
                        outcome.SplitKeys++;
                    }

                    outcome.JobOf.TryAdd(key, jobId);
                    if (outcome.Results.TryAdd(key, status) && outcome.Orphans.TryGetValue(key, out var resentAt))
                    {
                        outcome.OrphansEnded.Add(Stopwatch.GetElapsedTime(resentAt).TotalSeconds);
                    }

                    break;
                case ["error", var key, var what]:
                    pending[index]--;
                    outcome.Errors++;
                    if (errorsShown++ < 5)
                    {
                        Progress($"replica {index}, key {key}: {what}");
                    }

                    break;
            }
        }

        // Until every key has a result and every wait of a live replica has said how it ended (those that followed a key
        // sent to several replicas end a little after the first).
        while (outcome.Results.Count < total || replicas.Any(r => !r.Killed && pending[r.Index] > 0))
        {
            var alive = replicas.Where(r => !r.Killed).Select(r => r.Index).ToList();
            var warm = outcome.Results.Count >= warmUp;
            while (next < total && next - outcome.Results.Count < window && (next < warmUp || warm))
            {
                if (next == warmUp)
                {
                    outcome.Measured = Stopwatch.GetTimestamp();
                    Progress($"warm-up: {warmUp} keys, each sent to every replica, ended after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; measuring from here");
                }

                var measured = next >= warmUp;
                var key = measured ? $"{MeasuredPrefix}{next - warmUp:D5}" : $"w{next:D5}";
                urls[key] = 4 + random.Next(5);
                sentTo[key] = [];
                var first = alive[next % alive.Count];
                var draw = random.NextDouble();
                var copies = !measured || draw < 0.05 ? alive.Count : draw < 0.30 ? 2 : 1;
                for (var c = 0; c < Math.Min(copies, alive.Count); c++)
                {
                    Send(key, alive[(alive.IndexOf(first) + c) % alive.Count]);
                }

                next++;
            }

            using var stall = new CancellationTokenSource(Stalled);
            (int Replica, string? Line) item;
            try
            {
                item = await events.ReadAsync(stall.Token);
            }
            catch (OperationCanceledException)
            {
                Progress($"nothing ended for {Stalled.TotalSeconds:F0} s: {total - outcome.Results.Count} keys counted as lost, {replicas.Where(r => !r.Killed).Sum(r => pending[r.Index])} waits still running");
                break;
            }

            Handle(item.Replica, item.Line);
            var measuredDone = outcome.Results.Count - warmUp;
            if (measuredDone * 4 / jobs > reported && measuredDone < jobs)
            {
                reported = measuredDone * 4 / jobs;
                Progress($"{measuredDone} of {jobs} keys ended after {Stopwatch.GetElapsedTime(outcome.Measured).TotalSeconds:F1} s");
            }

            if (kill && outcome.Killed is null && measuredDone >= jobs / 2)
            {
                // The last replica (never the one that receives the webhooks) dies without a word: no lease released, no
                // UNLISTEN, its slots and claims left to expire. Its unfinished keys go to the others, under the same keys.
                var victim = replicas[^1];
                var unfinished = sentTo.Where(s => s.Value.Contains(victim.Index) && !outcome.Results.ContainsKey(s.Key)).Select(s => s.Key).ToList();
                victim.Kill();
                var survivors = replicas.Where(r => !r.Killed).Select(r => r.Index).ToList();
                var resent = 0;
                foreach (var key in unfinished.Where(k => sentTo[k].All(r => replicas[r].Killed)))
                {
                    Send(key, survivors[resent++ % survivors.Count]);
                    outcome.Orphans[key] = Stopwatch.GetTimestamp();
                }

                outcome.Killed = new KillRecord(victim.Index, victim.Pid, Stopwatch.GetElapsedTime(outcome.Measured), unfinished.Count, resent);
                Progress($"killed replica {victim.Index} (pid {victim.Pid}) with {unfinished.Count} keys unfinished there; {resent} of them sent again to replicas {string.Join(", ", survivors)}");
            }
        }

        // Stopped cleanly (standard input closed), the replicas have said all they had to say: the last deliveries' times.
        var stopping = Stopwatch.StartNew();
        await Task.WhenAll(replicas.Select(r => r.StopAsync()));
        Progress($"replicas stopped in {stopping.Elapsed.TotalSeconds:F1} s");
        while (events.TryRead(out var last))
        {
            Handle(last.Replica, last.Line);
        }

        return outcome;
    }

    /// <summary>Drops the schemas of runs that were killed before they could drop their own (an hour old or more).</summary>
    private static async Task DropStaleSchemasAsync(NpgsqlDataSource admin)
    {
        var stale = new List<string>();
        await using (var list = admin.CreateCommand($"SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '{SchemaPrefix}')"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                if (name.Length >= SchemaPrefix.Length + 14
                    && DateTimeOffset.TryParseExact(name.AsSpan(SchemaPrefix.Length, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
                    && created < TimeProvider.System.GetUtcNow().AddHours(-1))
                {
                    stale.Add(name);
                }
            }
        }

        foreach (var name in stale)
        {
            await using var drop = admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static string KeyOf(string url) => new Uri(url).Host.Split('.')[0];

    private static string Spread(IEnumerable<Wake> wakes, Func<Wake, double> value)
    {
        var sorted = wakes.Select(value).Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? "-" : Invariant($"{Percentile(sorted, 50):F0}/{Percentile(sorted, 99):F0}/{sorted[^1]:F0}");
    }

    private static double Percentile(List<double> sorted, int percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<string?> UnreachableAsync(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The message names the server and the failure, never the password.
            return ex.Message;
        }
    }

    private static void Progress(string line) => Console.Error.WriteLine("replicas: " + line);

    private static bool TryInt(string[] args, int i, out int value)
    {
        value = 0;
        return i < args.Length && int.TryParse(args[i], CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record KillRecord(int Index, int Pid, TimeSpan At, int Unfinished, int Resent);

    /// <summary>A delivery at the receiving replica: when it arrived, when the signal's NotifyAsync started and ended
    /// (0 when it was not called: a repeat), and when it was answered.</summary>
    private sealed record Delivery(long Arrived, long Answered, long NotifyStart, long NotifyEnd);

    private sealed record WaitTimes(int Replica, string Key, string JobId, long Started, long Ended, long Heard, long AfterWait);

    /// <summary>One wake-up: when the delivery arrived at the receiving replica and was answered (after the wake-up was
    /// committed to the database), when the wait's replica heard it (0 if it did not), and when the wait returned.</summary>
    private sealed record Wake(int Replica, string JobId, Delivery Delivery, long Heard, long AfterWait, long Ended)
    {
        private long Arrived => Delivery.Arrived;

        private long Answered => Delivery.Answered;

        public double ToNotify => Delivery.NotifyStart == 0 ? double.NaN : Stopwatch.GetElapsedTime(Arrived, Delivery.NotifyStart).TotalMilliseconds;

        public double Notify => Delivery.NotifyStart == 0 ? double.NaN : Stopwatch.GetElapsedTime(Delivery.NotifyStart, Delivery.NotifyEnd).TotalMilliseconds;

        public double WaitCallback => Heard == 0 || AfterWait == 0 ? double.NaN : Stopwatch.GetElapsedTime(Heard, AfterWait).TotalMilliseconds;

        public double Total => Stopwatch.GetElapsedTime(Arrived, Ended).TotalMilliseconds;

        public double ToAnswer => Stopwatch.GetElapsedTime(Arrived, Answered).TotalMilliseconds;

        public double ToHear => Heard == 0 ? double.NaN : Stopwatch.GetElapsedTime(Arrived, Heard).TotalMilliseconds;

        public double HeardToResult => Heard == 0 ? double.NaN : Stopwatch.GetElapsedTime(Heard, Ended).TotalMilliseconds;
    }

    private sealed record WakeSamples(List<Wake> All, int EndedBeforeDelivery, int StartedAfterDelivery, int NoDelivery);

    /// <summary>What the replicas said: each key's first result, every wait's times, every delivery's arrival.</summary>
    private sealed class Outcome
    {
        public Dictionary<string, string> Results { get; } = [];

        public Dictionary<string, string> JobOf { get; } = [];

        public Dictionary<string, Delivery> Delivered { get; } = [];

        public List<WaitTimes> Ended { get; } = [];

        /// <summary>Gets when the first key was sent.</summary>
        public long Began { get; } = Stopwatch.GetTimestamp();

        /// <summary>Gets or sets when the first measured key was sent (the warm-up keys had all ended).</summary>
        public long Measured { get; set; }

        public int Waits { get; set; }

        public int Errors { get; set; }

        public int SplitKeys { get; set; }

        public KillRecord? Killed { get; set; }

        /// <summary>Gets the keys of the killed replica sent again to the others, and when.</summary>
        public Dictionary<string, long> Orphans { get; } = [];

        /// <summary>Gets how long each of those took to end after it was sent again, in seconds.</summary>
        public List<double> OrphansEnded { get; } = [];

        /// <summary>The wake-up of every wait that was waiting when its job's delivery arrived: from the arrival to the
        /// wait's result. A wait that ended before the delivery (a poll saw the job end first) or began after it is no
        /// wake-up, and is only counted.</summary>
        public WakeSamples Wakes(bool measured)
        {
            var samples = new List<Wake>();
            int before = 0, after = 0, none = 0;
            foreach (var wait in Ended.Where(w => w.Key.StartsWith(MeasuredPrefix, StringComparison.Ordinal) == measured))
            {
                if (!Delivered.TryGetValue(wait.JobId, out var delivery))
                {
                    none++;
                }
                else if (wait.Ended < delivery.Arrived)
                {
                    before++;
                }
                else if (wait.Started >= delivery.Arrived)
                {
                    after++;
                }
                else
                {
                    samples.Add(new Wake(wait.Replica, wait.JobId, delivery, wait.Heard, wait.AfterWait, wait.Ended));
                }
            }

            return new WakeSamples(samples, before, after, none);
        }
    }

    /// <summary>One replica's process: its standard input takes <c>job</c> lines, its standard output's lines go to the run's
    /// channel (a <see langword="null"/> line when it has ended).</summary>
    private sealed class Replica : IDisposable
    {
        private readonly Process _process;
        private readonly Task _reader;

        private Replica(int index, Process process, ChannelWriter<(int, string?)> events)
        {
            Index = index;
            _process = process;
            Pid = process.Id;
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    await events.WriteAsync((index, line));
                }

                await events.WriteAsync((index, null));
            });
        }

        public int Index { get; }

        public int Pid { get; }

        public int Port { get; set; }

        public bool Killed { get; private set; }

        public bool Stopping { get; private set; }

        public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

        public static Replica Start(int index, ScraperEmulator emulator, string secret, string connectionString, string schema, int limit, int parallel, ChannelWriter<(int, string?)> events)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ReplicasRun).Assembly.Location);
            }

            string[] args =
            [
                ReplicaChild.Verb, "--index", index.ToString(CultureInfo.InvariantCulture), "--emulator", emulator.BaseAddress.ToString(),
                "--schema", schema, "--limit", limit.ToString(CultureInfo.InvariantCulture), "--parallel", parallel.ToString(CultureInfo.InvariantCulture),
            ];
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // Secrets through the environment, never the command line (which any user of the machine can read).
            start.Environment[ConnectionStringVariable] = connectionString;
            start.Environment[ReplicaChild.ApiKeyVariable] = emulator.ApiKey;
            start.Environment[ReplicaChild.SecretVariable] = secret;
            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start replica {index}");
            return new Replica(index, process, events);
        }

        public void Send(string line)
        {
            if (!Killed)
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
        }

        /// <summary>Kills the process: no clean shutdown, no lease released.</summary>
        public void Kill()
        {
            Killed = true;
            _process.Kill();
        }

        /// <summary>Closes its standard input (the replica then shuts down cleanly) and waits for it to end.</summary>
        public async Task StopAsync()
        {
            Stopping = true;
            if (!Killed)
            {
                _process.StandardInput.Close();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                await _reader.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
