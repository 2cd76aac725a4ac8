namespace Geonode.Scraper;

/// <summary>A webhook to create (<c>POST /v1/webhooks</c>). An account may have up to 10.</summary>
public sealed record WebhookCreateRequest
{
    /// <summary>Gets the absolute URL deliveries are POSTed to.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the one event the webhook subscribes to.</summary>
    public required WebhookEventType EventType { get; init; }

    /// <summary>Gets a description.</summary>
    public string? Description { get; init; }
}
