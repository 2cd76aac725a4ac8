using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.PostgreSql.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>Shares the SDK's job ledger, wake-ups, concurrency limit and token budgets between replicas through PostgreSQL.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class PostgreSqlCoordinationExtensions
{
    /// <summary>
    /// Registers the PostgreSQL implementations of <see cref="IJobLedger"/> (<see cref="PostgreSqlJobLedger"/>),
    /// <see cref="IJobCompletionSignal"/> (<see cref="PostgreSqlJobCompletionSignal"/>), <see cref="IJobConcurrencyLimiter"/>
    /// (<see cref="PostgreSqlJobConcurrencyLimiter"/>) and <see cref="ITokenBudgetStore"/> (<see cref="PostgreSqlTokenBudgetStore"/>)
    /// as singletons over one <see cref="NpgsqlDataSource"/> built from <paramref name="connectionString"/>, in place of the
    /// in-process defaults (whether they were registered before or are registered after, for example by
    /// <c>AddGeonodeScraperWebhooks</c>), with the default <see cref="PostgreSqlCoordinationOptions"/>. Every replica of the
    /// application makes this call with the same database. When a host starts, the schema is applied (or checked) and the
    /// wake-up listener connects; without a host, both happen on first use. Disposing the container closes the listeners and
    /// the data source.
    /// </summary>
    /// <param name="builder">The builder <c>AddGeonodeScraper</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string. It is never logged (it may hold a password).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not a valid connection string.</exception>
    public static IHttpClientBuilder AddPostgreSqlCoordination(this IHttpClientBuilder builder, string connectionString) =>
        AddPostgreSqlCoordination(builder, connectionString, static _ => { });

    /// <summary>
    /// Registers the PostgreSQL coordination (see <see cref="AddPostgreSqlCoordination(IHttpClientBuilder, string)"/>) with
    /// options set in code. Every replica uses the same <see cref="PostgreSqlCoordinationOptions.Schema"/>; the options are
    /// validated when the host starts (or when the services are first resolved).
    /// </summary>
    /// <param name="builder">The builder <c>AddGeonodeScraper</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string. It is never logged (it may hold a password).</param>
    /// <param name="configure">Sets the schema, retention, leases and reconnection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not a valid connection string.</exception>
    public static IHttpClientBuilder AddPostgreSqlCoordination(this IHttpClientBuilder builder, string connectionString, Action<PostgreSqlCoordinationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(configure);

        // Parsed now, so that a malformed string fails at registration (the parser's messages name keywords, not values).
        _ = new NpgsqlConnectionStringBuilder(connectionString);
        return Register(builder, configure, sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(sp.GetService<ILoggerFactory>()).Build();
            return (dataSource, true);
        });
    }

    /// <summary>
    /// Registers the PostgreSQL coordination (see <see cref="AddPostgreSqlCoordination(IHttpClientBuilder, string)"/>) over a
    /// data source the application builds and owns, for example one with a password provider. The container does not
    /// dispose it.
    /// </summary>
    /// <param name="builder">The builder <c>AddGeonodeScraper</c> returned.</param>
    /// <param name="dataSource">The database.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddPostgreSqlCoordination(this IHttpClientBuilder builder, NpgsqlDataSource dataSource) =>
        AddPostgreSqlCoordination(builder, dataSource, static _ => { });

    /// <summary>
    /// Registers the PostgreSQL coordination (see <see cref="AddPostgreSqlCoordination(IHttpClientBuilder, string)"/>) over a
    /// data source the application builds and owns, with options set in code. The container does not dispose the data source.
    /// </summary>
    /// <param name="builder">The builder <c>AddGeonodeScraper</c> returned.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="configure">Sets the schema, retention, leases and reconnection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddPostgreSqlCoordination(this IHttpClientBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlCoordinationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(builder, configure, _ => (dataSource, false));
    }

    private static IHttpClientBuilder Register(IHttpClientBuilder builder, Action<PostgreSqlCoordinationOptions> configure, Func<IServiceProvider, (NpgsqlDataSource DataSource, bool Owned)> dataSource)
    {
        var services = builder.Services;
        services.AddOptions<PostgreSqlCoordinationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlCoordinationOptions>, OptionsValidator>());

        // A second call replaces the first: one store, one of each service.
        services.RemoveAll<CoordinationStore>();
        services.AddSingleton(sp =>
        {
            var (source, owned) = dataSource(sp);
            return new CoordinationStore(source, sp.GetRequiredService<IOptions<PostgreSqlCoordinationOptions>>().Value, owned, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>());
        });
        Replace<IJobLedger, PostgreSqlJobLedger>(services, sp => new PostgreSqlJobLedger(sp.GetRequiredService<CoordinationStore>()));
        Replace<IJobCompletionSignal, PostgreSqlJobCompletionSignal>(services, sp => new PostgreSqlJobCompletionSignal(sp.GetRequiredService<CoordinationStore>()));
        Replace<IJobConcurrencyLimiter, PostgreSqlJobConcurrencyLimiter>(services, sp => new PostgreSqlJobConcurrencyLimiter(sp.GetRequiredService<CoordinationStore>()));
        Replace<ITokenBudgetStore, PostgreSqlTokenBudgetStore>(services, sp => new PostgreSqlTokenBudgetStore(sp.GetRequiredService<CoordinationStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CoordinationStartup>());
        return builder;
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services, Func<IServiceProvider, TImplementation> create)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.RemoveAll<TImplementation>();
        services.AddSingleton(create);
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TImplementation>());
    }

    private sealed class OptionsValidator : IValidateOptions<PostgreSqlCoordinationOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlCoordinationOptions options)
        {
            var failures = options.Validate();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
