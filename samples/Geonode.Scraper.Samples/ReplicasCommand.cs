using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.Samples;

/// <summary>
/// <c>replicas</c>: two replicas of one service in this process (two ASP.NET Core apps, each with its own client and webhook
/// endpoint) share a local PostgreSQL database through <c>AddPostgreSqlCoordination</c>. Both start the same crawl at once
/// under one idempotency key: one POST, one job. The emulator delivers the crawl's webhook to replica A only, and the wait
/// on replica B (which polls only once a minute) ends at once. Works in a schema of its own, dropped at the end.
/// </summary>
internal static class ReplicasCommand
{
    /// <summary>What <c>eng/postgres-up.sh</c> prepares: a local role and database for the tests, benchmarks and this demo.</summary>
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=geonode;Password=geonode;Database=geonode_scraper";

    /// <summary>The emulated time of one page: the depth-2 crawl (the seed, then its links at once) takes twice this.</summary>
    private static readonly TimeSpan PageTime = TimeSpan.FromSeconds(1.5);

    /// <summary>How often a wait polls while it relies on the wake-up (the default, set here to be seen).</summary>
    private static readonly TimeSpan FallbackPollInterval = TimeSpan.FromMinutes(1);

    public static Command Create()
    {
        var connection = new Option<string>("--connection", "-c")
        {
            Description = "The PostgreSQL connection string the two replicas share",
            DefaultValueFactory = _ => DefaultConnectionString,
        };
        var command = new Command(
            "replicas",
            "Demo: two replicas share a local PostgreSQL database; one idempotency key gives one job, and a webhook delivered to one replica ends the wait on the other (run 'bash eng/postgres-up.sh' first)")
        { connection };
        command.SetAction(async (parse, ct) =>
        {
            NpgsqlConnectionStringBuilder database;
            try
            {
                database = new NpgsqlConnectionStringBuilder(parse.GetValue(connection));
            }
            catch (ArgumentException ex)
            {
                return Commands.UsageError(command, $"--connection is not a valid connection string: {ex.Message}");
            }

            return await Commands.RunDemoAsync(
                parse,
                "cancelled: the crawl ran on the in-process emulator, which stops with this program",
                async () =>
                {
                    if (await ProbeAsync(database, ct) is { } unreachable)
                    {
                        await Console.Error.WriteLineAsync(
                            $"PostgreSQL is not reachable at {database.Host}:{database.Port} (database {database.Database}): run 'bash eng/postgres-up.sh' first");
                        if (parse.GetValue(Commands.Verbose))
                        {
                            await Console.Error.WriteLineAsync(unreachable.ToString());
                        }

                        return ExitCodes.Error;
                    }

                    return await RunAsync(database.ConnectionString, ct);
                },
                ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        // A schema of this run's own: the replicas create it when they start, and it is dropped below however the run ends.
        var run = Guid.NewGuid().ToString("N")[..8];
        var schema = $"geonode_sample_{run}";
        try
        {
            return await RunReplicasAsync(connectionString, schema, run, cancellationToken);
        }
        finally
        {
            await DropSchemaAsync(connectionString, schema);
        }
    }

    private static async Task<int> RunReplicasAsync(string connectionString, string schema, string run, CancellationToken cancellationToken)
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { PageTime = PageTime }, cancellationToken);
        await Console.Error.WriteLineAsync($"using the local emulator at {emulator.BaseAddress}, and PostgreSQL schema {schema}");

        // The application registers the webhook once (its secret is shown only in this answer), pointed at replica A alone.
        using var admin = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, ApplicationId = "sample" });
        var webhook = await admin.CreateWebhookAsync(
            new WebhookCreateRequest { Url = "http://127.0.0.1:9/", EventType = WebhookEventType.CrawlCompleted, Description = "sample replicas demo" },
            cancellationToken);

        var deliveriesToA = new DeliveryLog();
        var deliveriesToB = new DeliveryLog();
        await using var a = await StartReplicaAsync("a", emulator, connectionString, schema, webhook.Secret!, deliveriesToA, cancellationToken);
        await using var b = await StartReplicaAsync("b", emulator, connectionString, schema, webhook.Secret!, deliveriesToB, cancellationToken);
        var endpointA = a.Urls.First() + GeonodeScraperWebhookOptions.DefaultPath;
        await admin.UpdateWebhookAsync(webhook.Id, new WebhookUpdateRequest { Url = endpointA }, cancellationToken);
        await Console.Error.WriteLineAsync($"replica A at {a.Urls.First()} (the webhook: POST {endpointA}), replica B at {b.Urls.First()}");
        var clientA = a.Services.GetRequiredService<IScraperClient>();
        var clientB = b.Services.GetRequiredService<IScraperClient>();

        // (1) The same work, started on both replicas at the same moment (two pods handling one redelivered queue message):
        // one of them claims the key in the database and sends the POST; the other follows the job it started.
        var request = new CrawlRequest { Url = "https://docs.example.test/", Depth = 2 };
        var start = new JobStartOptions { IdempotencyKey = $"sample-replicas-{run}" };
        var started = await Task.WhenAll(
            Task.Run(() => clientA.StartCrawlOperationAsync(request, start, cancellationToken), cancellationToken),
            Task.Run(() => clientB.StartCrawlOperationAsync(request, start, cancellationToken), cancellationToken));
        var (onA, onB) = (started[0], started[1]);
        var sameJob = string.Equals(onA.JobId, onB.JobId, StringComparison.Ordinal);
        Console.WriteLine(
            $"idempotency: A and B started the crawl at once under key {start.IdempotencyKey}: A got job {onA.JobId}, B got job {onB.JobId} "
            + $"({(sameJob ? "the same job" : "two jobs")}); the emulator saw {emulator.CountRequests("POST", "/v1/crawl")} POST /v1/crawl");

        // (2) B waits. It relies on the wake-up, so it polls once and then only every minute; the delivery lands on A, whose
        // endpoint NOTIFYs through PostgreSQL, and B's listener ends B's wait.
        var statusPath = $"/v1/crawl/{onB.JobId}";
        var pollsBefore = emulator.CountRequests("GET", statusPath);
        var job = await onB.WaitForCompletionAsync(cancellationToken: cancellationToken);
        var resultAt = Stopwatch.GetTimestamp();
        var polls = emulator.CountRequests("GET", statusPath) - pollsBefore;
        var delay = deliveriesToA.FirstAt is { } deliveredAt
            ? string.Create(CultureInfo.InvariantCulture, $"B's wait returned {Stopwatch.GetElapsedTime(deliveredAt, resultAt).TotalMilliseconds:0} ms after the delivery to A")
            : "no delivery reached A before B's wait returned";
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wake-up: webhook deliveries: A {deliveriesToA.Count}, B {deliveriesToB.Count}; {delay}, with {polls} status polls (fallback poll every {FallbackPollInterval.TotalSeconds:0} s); crawl {job.JobId} {job.Status}, {job.CompletedPages} pages"));

        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
        return sameJob ? ExitCodes.Ok : ExitCodes.Error;
    }

    /// <summary>One replica of the service: its own host, client, webhook endpoint and connections to the shared database.</summary>
    private static async Task<WebApplication> StartReplicaAsync(
        string name, ScraperEmulator emulator, string connectionString, string schema, string secret, DeliveryLog deliveries, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddGeonodeScraper(o =>
            {
                o.ApiKey = emulator.ApiKey;
                o.BaseAddress = emulator.BaseAddress;
                o.ApplicationId = $"sample-replica-{name}";
            })
            .AddPostgreSqlCoordination(connectionString, o => o.Schema = schema);
        builder.Services.AddGeonodeScraperWebhooks(o =>
        {
            o.Secrets.Add(secret);
            o.FallbackPollInterval = FallbackPollInterval;
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == GeonodeScraperWebhookOptions.DefaultPath)
            {
                deliveries.Arrived();
            }

            await next(context);
        });
        app.MapGeonodeScraperWebhooks();
        try
        {
            await app.StartAsync(cancellationToken);   // applies the schema (once, under an advisory lock) and starts listening
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens one connection; returns why it failed, or <see langword="null"/>.</summary>
    private static async Task<Exception?> ProbeAsync(NpgsqlConnectionStringBuilder database, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timeout = 5, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            return ex;
        }
    }

    private static async Task DropSchemaAsync(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
            await Console.Error.WriteLineAsync($"dropped schema {schema}");
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"could not drop schema {schema} ({ex.Message}): drop it with DROP SCHEMA \"{schema}\" CASCADE");
        }
    }

    /// <summary>The webhook deliveries that reached one replica, and when the first arrived.</summary>
    private sealed class DeliveryLog
    {
        private long _firstAt;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public long? FirstAt => Volatile.Read(ref _firstAt) is var at and not 0 ? at : null;

        public void Arrived()
        {
            Interlocked.CompareExchange(ref _firstAt, Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref _count);
        }
    }
}
