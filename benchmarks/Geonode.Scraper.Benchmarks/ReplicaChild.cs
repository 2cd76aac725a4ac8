using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// One replica of the <c>replicas</c> verb, in a process of its own so that the verb can kill it for real
/// (<c>replica-child --index I --emulator URL --schema S --limit L --parallel P</c>; the connection string, the API key and
/// the webhook secret come from the environment, never the command line). It is the application every replica runs:
/// <c>AddGeonodeScraper(...).AddPostgreSqlCoordination(...)</c>, <c>AddGeonodeScraperWebhooks</c> with
/// <c>MapGeonodeScraperWebhooks</c> on Kestrel 127.0.0.1:0, and a middleware that timestamps each webhook delivery as it
/// arrives. It says <c>ready &lt;port&gt;</c> once the wake-up listener listens, then reads <c>job &lt;key&gt; &lt;urls&gt;</c>
/// lines: each one holds a slot of the shared limiter, starts a batch under the key as idempotency key, waits for it and
/// says <c>done &lt;key&gt; &lt;job id&gt; &lt;status&gt; &lt;wait started&gt; &lt;wait ended&gt; &lt;wake-up heard&gt;</c> (or
/// <c>error &lt;key&gt; &lt;what&gt;</c>); a delivery says <c>delivered &lt;job id&gt; &lt;arrived&gt; &lt;answered&gt;</c>. Times are <see cref="Stopwatch"/>
/// timestamps, which on one machine every process reads from the same monotonic clock. It stops when its standard input
/// closes.
/// </summary>
internal static class ReplicaChild
{
    public const string Verb = "replica-child";

    public const string ApiKeyVariable = "GEONODE_BENCH_API_KEY";

    public const string SecretVariable = "GEONODE_BENCH_WEBHOOK_SECRET";

    /// <summary>The name of the limiter's pool of slots that every job holds one of while it runs.</summary>
    public const string PoolName = "replicas-bench";

    /// <summary>The lease of a slot: a killed replica's slots are free again this long after its last renewal (the
    /// package's default is 30 s; its jobs end on the API long before either).</summary>
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(10);

    /// <summary>How often a wait polls while the wake-up signal listens: long, so that what is measured is the wake-up.</summary>
    public static readonly TimeSpan FallbackPoll = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var index = Option(args, "--index", 0);
        var emulator = new Uri(Option(args, "--emulator", "http://127.0.0.1/"));
        var schema = Option(args, "--schema", PostgreSqlCoordinationOptions.DefaultSchema);
        var limit = Option(args, "--limit", 30);
        var parallel = Option(args, "--parallel", 45);
        var connectionString = Environment.GetEnvironmentVariable(ReplicasRun.ConnectionStringVariable) ?? ReplicasRun.DefaultConnectionString;
        var apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable) ?? throw new InvalidOperationException($"{ApiKeyVariable} is not set");
        var secret = Environment.GetEnvironmentVariable(SecretVariable) ?? throw new InvalidOperationException($"{SecretVariable} is not set");

        var output = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(async () =>
        {
            while (await output.Reader.WaitToReadAsync())
            {
                while (output.Reader.TryRead(out var line))
                {
                    await Console.Out.WriteLineAsync(line);
                }

                await Console.Out.FlushAsync();
            }
        });
        void Say(FormattableString line) => output.Writer.TryWrite(line.ToString(CultureInfo.InvariantCulture));

        var builder = WebApplication.CreateSlimBuilder();

        // Standard output is the verb's protocol: the logs (warnings and worse) go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

        // The pool is sized so that 3 replicas stay well under the server's 100 connections.
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 16 }.ConnectionString;
        builder.Services.AddGeonodeScraper(o =>
            {
                o.ApiKey = apiKey;
                o.BaseAddress = emulator;
            })
            .AddPostgreSqlCoordination(pooled, o =>
            {
                o.Schema = schema;
                o.SlotLeaseDuration = SlotLease;
            });
        builder.Services.AddGeonodeScraperWebhooks(o =>
        {
            o.Secrets.Add(secret);
            o.FallbackPollInterval = FallbackPoll;
        });

        // The signal as registered, behind a decorator that only times NotifyAsync (how much of answering a delivery is the
        // database's); the receiver and the client's waits use it as they would the signal itself.
        var notifyTimes = new System.Collections.Concurrent.ConcurrentDictionary<string, (long Start, long End)>();
        builder.Services.AddSingleton<IJobCompletionSignal>(sp => new TimedSignal(sp.GetRequiredService<PostgreSqlJobCompletionSignal>(), notifyTimes));

        await using var app = builder.Build();
        var path = GeonodeScraperWebhookOptions.DefaultPath;
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != path)
            {
                await next(context);
                return;
            }

            var arrived = Stopwatch.GetTimestamp();
            context.Request.EnableBuffering();
            string? jobId = null;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                if (body.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    jobId = id.GetString();
                }
            }
            catch (JsonException)
            {
                // The receiver refuses it; nothing to time.
            }

            context.Request.Body.Position = 0;
            await next(context);
            if (jobId is not null && context.Response.StatusCode == StatusCodes.Status204NoContent)
            {
                var notify = notifyTimes.TryRemove(jobId, out var times) ? times : default;
                Say($"delivered {jobId} {arrived} {Stopwatch.GetTimestamp()} {notify.Start} {notify.End}");
            }
        });
        app.MapGeonodeScraperWebhooks(path);
        await app.StartAsync();

        // Ready only once this replica hears wake-ups: a wait that starts earlier would poll as if there were no signal.
        using (var listening = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await app.Services.GetRequiredService<PostgreSqlJobCompletionSignal>().StartAsync(listening.Token);
        }

        var client = app.Services.GetRequiredService<IScraperClient>();
        var wakeUps = app.Services.GetRequiredService<IJobCompletionSignal>();
        var limiter = app.Services.GetRequiredService<IJobConcurrencyLimiter>();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        Say($"ready {port} {index}");

        // A replica works on at most `parallel` jobs at once, as a worker draining a queue would; together the replicas
        // ask for more slots than the limit, so that the shared limiter decides.
        using var gate = new SemaphoreSlim(parallel);
        await foreach (var line in StandardInputLines().ReadAllAsync())
        {
            if (line.Split(' ') is ["job", var key, var count])
            {
                _ = RunJobAsync(client, wakeUps, limiter, gate, limit, key, int.Parse(count, CultureInfo.InvariantCulture), Say);
            }
        }

        // Standard input closed: the verb has what it needs. Stop as a replica that shuts down cleanly does.
        output.Writer.TryComplete();
        await writer;
        await app.StopAsync();
        return 0;
    }

    private static async Task RunJobAsync(IScraperClient client, IJobCompletionSignal wakeUps, IJobConcurrencyLimiter limiter, SemaphoreSlim gate, int limit, string key, int count, Action<FormattableString> say)
    {
        await gate.WaitAsync();
        try
        {
            // The slot covers the job from before its POST until after its wait has seen it end.
            var slot = await limiter.AcquireAsync(PoolName, limit);
            await using (slot)
            {
                var urls = Enumerable.Range(0, count).Select(i => $"https://{key}.replicas.example.test/page-{i}").ToArray();
                var operation = await client.StartBatchOperationAsync(new BatchRequest { Urls = urls }, new JobStartOptions { IdempotencyKey = key });
                var started = Stopwatch.GetTimestamp();

                // Subscribers of our own, called before and after the wait's (in the order they subscribed): when this
                // replica heard the wake-up, and how long the wait's own callback ran on the listener's thread.
                long heard = 0, afterWait = 0;
                using var hearing = wakeUps.Subscribe(operation.JobId, () => Interlocked.CompareExchange(ref heard, Stopwatch.GetTimestamp(), 0));
                IDisposable? behind = null;
                string status;
                try
                {
                    var job = await operation.WaitForCompletionAsync(progress: new After(() => behind ??= wakeUps.Subscribe(operation.JobId, () => Interlocked.CompareExchange(ref afterWait, Stopwatch.GetTimestamp(), 0))));
                    status = job.Status.ToString();
                }
                catch (JobException ex) when (ex is JobFailedException or JobCancelledException)
                {
                    // A terminal result too: the job ended, just not well.
                    status = ex is JobFailedException ? "failed" : "cancelled";
                }

                var ended = Stopwatch.GetTimestamp();
                behind?.Dispose();
                say($"done {key} {operation.JobId} {status} {started} {ended} {Interlocked.Read(ref heard)} {Interlocked.Read(ref afterWait)}");
            }
        }
        catch (Exception ex)
        {
            say($"error {key} {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The lines of standard input, read on a thread of their own: <c>Console.In</c> blocks the thread that reads it
    /// (its async methods too), which on a thread-pool thread would take one of the few threads of a 2-core machine away
    /// from the waits for the whole run.</summary>
    private static ChannelReader<string> StandardInputLines()
    {
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
        new Thread(() =>
        {
            while (Console.ReadLine() is { } line)
            {
                lines.Writer.TryWrite(line);
            }

            lines.Writer.TryComplete();
        }) { IsBackground = true, Name = "stdin" }.Start();
        return lines.Reader;
    }

    /// <summary>The PostgreSQL signal, with the time each <see cref="NotifyAsync"/> started and ended.</summary>
    private sealed class TimedSignal(PostgreSqlJobCompletionSignal inner, System.Collections.Concurrent.ConcurrentDictionary<string, (long Start, long End)> times) : IJobCompletionSignal
    {
        public bool IsListening => inner.IsListening;

        public IDisposable Subscribe(string jobId, Action onSignal) => inner.Subscribe(jobId, onSignal);

        public async Task NotifyAsync(string jobId, CancellationToken cancellationToken = default)
        {
            var start = Stopwatch.GetTimestamp();
            await inner.NotifyAsync(jobId, cancellationToken);
            times[jobId] = (start, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Runs an action on every status poll's snapshot, synchronously.</summary>
    private sealed class After(Action action) : IProgress<BatchJob>
    {
        public void Report(BatchJob value) => action();
    }

    private static T Option<T>(string[] args, string name, T fallback)
        where T : IParsable<T>
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? T.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
