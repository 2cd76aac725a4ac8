using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Geonode.Scraper.PostgreSql.Tests.Replicas;

/// <summary>
/// One replica of an application, in the test process: a container of its own (<c>AddGeonodeScraper</c> on the emulator,
/// <c>AddPostgreSqlCoordination</c> on the test's schema) with a connection pool of its own, as another pod would have. There
/// is no host, as in a console worker: the schema is applied and the listener connects on first use.
/// </summary>
internal sealed class Replica : IAsyncDisposable
{
    private Replica(ServiceProvider services)
    {
        Services = services;
        Client = services.GetRequiredService<IScraperClient>();
    }

    public ServiceProvider Services { get; }

    public IScraperClient Client { get; }

    public PostgreSqlJobLedger Ledger => Services.GetRequiredService<PostgreSqlJobLedger>();

    public PostgreSqlJobCompletionSignal Signal => Services.GetRequiredService<PostgreSqlJobCompletionSignal>();

    /// <summary>Polling for jobs of milliseconds: first poll after 50 ms, then at most every 250 ms.</summary>
    public static PollingOptions FastPolling() => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(250),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The test database with a pool of <paramref name="maxPoolSize"/> connections: three replicas, other test
    /// processes and other sessions share the server's 100. Commits do not wait for the disk (durability is the server's
    /// business, not what these tests check).</summary>
    public static string ConnectionString(int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(PostgresDatabase.ConnectionString)
        {
            MaxPoolSize = maxPoolSize,
            Timeout = 15,
            Options = "-c synchronous_commit=off",
        }.ConnectionString;

    /// <summary>Starts a replica on <paramref name="emulator"/> and <paramref name="schema"/>.</summary>
    /// <param name="emulator">The API.</param>
    /// <param name="schema">The schema every replica of the test shares.</param>
    /// <param name="client">Changes the client's options after the defaults (fast polling).</param>
    /// <param name="services">Adds to the container (a completion signal's options).</param>
    /// <param name="maxPoolSize">The replica's connection pool, the listeners' connections included.</param>
    public static Replica Start(
        ScraperEmulator emulator, string schema, Action<ScraperClientOptions>? client = null, Action<IServiceCollection>? services = null, int maxPoolSize = 6)
    {
        var collection = new ServiceCollection();
        AddTo(collection, emulator, schema, client, maxPoolSize);
        services?.Invoke(collection);
        return new Replica(collection.BuildServiceProvider());
    }

    /// <summary>What every replica registers, in a plain container or a web application's.</summary>
    public static void AddTo(IServiceCollection services, ScraperEmulator emulator, string schema, Action<ScraperClientOptions>? client = null, int maxPoolSize = 6)
    {
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.BaseAddress = emulator.BaseAddress;
            o.Polling = FastPolling();
            client?.Invoke(o);
        }).AddPostgreSqlCoordination(ConnectionString(maxPoolSize), o =>
        {
            o.Schema = schema;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromSeconds(1);
        });
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
