using System.Text;

namespace Geonode.Scraper;

/// <summary>A webhook. <see cref="Secret"/> is present only in the answer to create (rotate returns a new one).</summary>
public sealed record Webhook
{
    /// <summary>Gets the webhook id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the delivery URL.</summary>
    public required string Url { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a value indicating whether deliveries are on.</summary>
    public bool IsActive { get; init; }

    /// <summary>Gets the event the webhook subscribes to.</summary>
    public WebhookEventType EventType { get; init; }

    /// <summary>Gets when the webhook was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the webhook was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the signing secret (<c>whsec_...</c>); only the create answer carries it. Store it safely.</summary>
    public string? Secret { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Url = ").Append(Url).Append(", EventType = ").Append(EventType.ToString())
            .Append(", IsActive = ").Append(IsActive ? "True" : "False").Append(", Secret = ").Append(Secret is null ? "null" : "***");
        return true;
    }
}
