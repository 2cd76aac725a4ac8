namespace Geonode.Scraper;

/// <summary>A partial update of a webhook (<c>PATCH /v1/webhooks/{id}</c>); unset properties are left as they are.</summary>
public sealed record WebhookUpdateRequest
{
    /// <summary>Gets the new delivery URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the new description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a value that pauses (<see langword="false"/>) or resumes (<see langword="true"/>) deliveries.</summary>
    public bool? IsActive { get; init; }

    /// <summary>Gets the new event.</summary>
    public WebhookEventType? EventType { get; init; }
}
