using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AspNetCore.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.AspNetCore;

/// <summary>Maps the endpoint that receives Geonode Scraper webhook deliveries.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class GeonodeScraperWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a <c>POST</c> endpoint for webhook deliveries. It answers 401 to a delivery whose <c>X-Webhook-Signature</c>
    /// matches none of the configured secrets, or whose signed timestamp is outside the replay tolerance, and changes nothing
    /// then; 400 to a signed body that is not a webhook envelope; 204 to every other delivery, at once. A repeat of an event
    /// already acted on (the same event type and job id: a retried delivery has a new delivery id) is acknowledged without
    /// acting again; otherwise the waits of the delivery's job are woken and take their final poll. If waking fails the
    /// answer is 500, so that the service retries the delivery. The endpoint allows anonymous requests: the signature is its
    /// authentication.
    /// </summary>
    /// <param name="endpoints">The application or route group.</param>
    /// <param name="pattern">The route; <see langword="null"/> for <see cref="GeonodeScraperWebhookOptions.Path"/>.</param>
    /// <returns>The endpoint's convention builder, to add host filters, rate limiting and so on.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddGeonodeScraperWebhooks</c> was not called.</exception>
    public static IEndpointConventionBuilder MapGeonodeScraperWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var receiver = endpoints.ServiceProvider.GetService<WebhookReceiver>()
            ?? throw new InvalidOperationException("The webhook receiver is not registered: call services.AddGeonodeScraperWebhooks(...) first.");
        pattern ??= endpoints.ServiceProvider.GetRequiredService<IOptions<GeonodeScraperWebhookOptions>>().Value.Path;
        return endpoints.MapPost(pattern, (RequestDelegate)receiver.HandleAsync)
            .AllowAnonymous()
            .WithDisplayName("Geonode Scraper webhooks");
    }
}
