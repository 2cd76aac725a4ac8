namespace Geonode.Scraper;

/// <summary>One delivery attempt of a webhook.</summary>
public sealed record WebhookDelivery
{
    /// <summary>Gets the delivery id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the event delivered.</summary>
    public WebhookEventType EventType { get; init; }

    /// <summary>Gets the job the event is about.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets the 1-based attempt number.</summary>
    public int AttemptNumber { get; init; }

    /// <summary>Gets the delivery status.</summary>
    public WebhookDeliveryStatus Status { get; init; }

    /// <summary>Gets the HTTP status the receiver answered with.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets when the delivery was made.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Gets when the delivery was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
