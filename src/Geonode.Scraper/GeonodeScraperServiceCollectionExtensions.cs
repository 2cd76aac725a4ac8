using Geonode.Scraper.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// (keys <c>ApiKey</c>, <c>BaseAddress</c>, <c>ApplicationId</c>, <c>AttemptTimeout</c>, <c>Retry:*</c>, <c>Polling:*</c>).</summary>
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

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services.AddHttpClient(HttpClientName);
        }

        services.AddSingleton<Marker>();
        services.AddOptions<ScraperClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ScraperClientOptions>, EnvironmentFallbacks>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScraperClientOptions>, ScraperClientOptionsValidator>());
        services.TryAddSingleton(sp => ResolvedOptions.Resolve(sp.GetRequiredService<IOptions<ScraperClientOptions>>().Value, "options"));

        return services
            .AddHttpClient<IScraperClient, ScraperClient>(HttpClientName, (http, sp) => new ScraperClient(
                http,
                sp.GetRequiredService<ResolvedOptions>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                Logger(sp)))
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(ScraperClient.CreatePrimaryHandler)
            .AddHttpMessageHandler(sp => new ResilienceHandler(
                sp.GetRequiredService<ResolvedOptions>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                Logger(sp)));
    }

    private static ILogger Logger(IServiceProvider sp) =>
        (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<ScraperClient>() ?? NullLogger.Instance;

    private sealed class Marker
    {
    }

    private sealed class EnvironmentFallbacks : IPostConfigureOptions<ScraperClientOptions>
    {
        public void PostConfigure(string? name, ScraperClientOptions options) => ResolvedOptions.ApplyEnvironmentFallbacks(options);
    }
}
