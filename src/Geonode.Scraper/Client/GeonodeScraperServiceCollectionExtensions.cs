using Geonode.Scraper.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper;

/// <summary>Registers <see cref="IScraperClient"/> with dependency injection.</summary>
public static class GeonodeScraperServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the SDK registers with <c>IHttpClientFactory</c>.</summary>
    public const string HttpClientName = "Geonode.Scraper";

    /// <summary>Registers <see cref="IScraperClient"/> as a typed <see cref="HttpClient"/> client, configured in code.
    /// Calling it again adds the configuration but registers the client once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; unset values fall back to the environment.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddGeonodeScraper(this IServiceCollection services, Action<ScraperClientOptions> configure)
    {
        Guard.NotNull(services);
        Guard.NotNull(configure);
        services.AddOptions<ScraperClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Registers <see cref="IScraperClient"/>, bound to a configuration section such as <c>GeonodeScraper</c>
    /// (keys <c>ApiKey</c>, <c>BaseAddress</c>, <c>ApplicationId</c>, <c>AttemptTimeout</c>, <c>MaxConnectionsPerServer</c>,
    /// <c>Retry:*</c>, <c>Polling:*</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, for example <c>configuration.GetSection("GeonodeScraper")</c>.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddGeonodeScraper(this IServiceCollection services, IConfiguration configuration)
    {
        Guard.NotNull(services);
        Guard.NotNull(configuration);
        services.AddOptions<ScraperClientOptions>().Configure(options => OptionsBinder.Bind(configuration, options));
        return AddCore(services);
    }

    /// <summary>Registers <see cref="IScraperClient"/> configured from the environment only
    /// (<c>GEONODE_SCRAPER_API_KEY</c>, <c>SCRAPER_API_BASE_URL</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddGeonodeScraper(this IServiceCollection services)
    {
        Guard.NotNull(services);
        return AddCore(services);
    }

    /// <summary>Registers the in-process <see cref="IJobCompletionSignal"/> (unless another implementation is registered),
    /// so that the clients of this container wake their waits when it is notified and otherwise poll only at
    /// <see cref="JobCompletionSignalOptions.FallbackPollInterval"/>. The webhook receiver of <c>Geonode.Scraper.AspNetCore</c>
    /// calls this for you.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the fallback interval; <see langword="null"/> for the default.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
    public static IServiceCollection AddGeonodeScraperCompletionSignal(this IServiceCollection services, Action<JobCompletionSignalOptions>? configure = null)
    {
        Guard.NotNull(services);
        services.TryAddSingleton<IJobCompletionSignal, InProcessJobCompletionSignal>();
        var options = services.AddOptions<JobCompletionSignalOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services.AddHttpClient(HttpClientName);
        }

        services.AddSingleton<Marker>();
        services.AddOptions<ScraperClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ScraperClientOptions>, EnvironmentFallbacks>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScraperClientOptions>>(ScraperClientOptionsValidator.Instance));
        services.TryAddSingleton(sp => new Resolved(ResolvedOptions.Resolve(sp.GetRequiredService<IOptions<ScraperClientOptions>>().Value, "options")));

        // One client per container, as it owns nothing per resolution: each call takes an HttpClient from the factory (cheap:
        // the factory pools and rotates the handlers), so there is no transient IDisposable for the container to hold on to.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Resolved>().Options;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var runtime = ClientComposition.Compose(
                options,
                () => factory.CreateClient(HttpClientName),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<ScraperClient>() ?? NullLogger.Instance,
                new ClientServices
                {
                    Ledger = sp.GetService<IJobLedger>(),
                    Signal = sp.GetService<IJobCompletionSignal>(),
                    SignalOptions = sp.GetService<IOptions<JobCompletionSignalOptions>>()?.Value,
                    Limiter = sp.GetService<IJobConcurrencyLimiter>(),
                    Budgets = sp.GetService<ITokenBudgetStore>(),
                });
            return new ScraperClient(runtime, options);
        });
        services.TryAddSingleton<IScraperClient>(sp => sp.GetRequiredService<ScraperClient>());

        // Runs after every Configure, so after a user's ConfigurePrimaryHttpMessageHandler: whatever primary handler ends
        // up in the chain does not follow redirects, which would carry the key to another host.
        services.PostConfigure<HttpClientFactoryOptions>(HttpClientName, options => options.HttpMessageHandlerBuilderActions.Add(
            builder => HttpHandlers.DisableAutoRedirect(builder.PrimaryHandler, "PrimaryHandler")));

        // If the user adds AddStandardResilienceHandler() to this client, it must not resend a POST (a second billed job),
        // must not nest its retries inside the SDK's, and must not time out sooner than the SDK's own attempts.
        services.AddSingleton<IPostConfigureOptions<HttpStandardResilienceOptions>>(sp =>
            new StandardResilienceDefaults(HttpClientName + "-standard", sp.GetRequiredService<Resolved>().Options.Connection));

        return services
            .AddHttpClient(HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpHandlers.CreatePrimary(sp.GetRequiredService<Resolved>().Options.Connection));
    }

    /// <summary>The container's resolved options, registered under a type of its own.</summary>
    private sealed record Resolved(ResolvedOptions Options);

    private sealed class Marker
    {
    }

    private sealed class EnvironmentFallbacks : IPostConfigureOptions<ScraperClientOptions>
    {
        public void PostConfigure(string? name, ScraperClientOptions options) => ResolvedOptions.ApplyEnvironmentFallbacks(options);
    }
}
