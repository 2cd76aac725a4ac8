using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AspNetCore.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.AspNetCore;

/// <summary>Registers the webhook receiver that wakes the waits of <see cref="IScraperClient"/> when a job completes.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class GeonodeScraperWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook receiver and the in-process <see cref="IJobCompletionSignal"/> (unless another implementation,
    /// for example one over your message bus, is registered): the clients of this container wake their waits when a verified
    /// delivery says the job completed, and otherwise poll only every
    /// <see cref="GeonodeScraperWebhookOptions.FallbackPollInterval"/>. Map the endpoint with
    /// <see cref="GeonodeScraperWebhookEndpointRouteBuilderExtensions.MapGeonodeScraperWebhooks"/>. The options are validated
    /// when the host starts. Registering the webhooks with the API is the application's job (once; the account allows 10).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least one secret is required.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddGeonodeScraperWebhooks(this IServiceCollection services, Action<GeonodeScraperWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GeonodeScraperWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeonodeScraperWebhookOptions>, WebhookOptionsValidator>());

        // One setting, two readers: the waits take their fallback interval from the receiver's options.
        services.AddGeonodeScraperCompletionSignal();
        services.AddOptions<JobCompletionSignalOptions>().Configure<IOptions<GeonodeScraperWebhookOptions>>(
            (signal, webhooks) => signal.FallbackPollInterval = webhooks.Value.FallbackPollInterval);

        services.TryAddSingleton(sp => new WebhookReceiver(
            sp.GetRequiredService<IOptionsMonitor<GeonodeScraperWebhookOptions>>(),
            sp.GetRequiredService<IJobCompletionSignal>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
