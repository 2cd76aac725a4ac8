using System.Text.Json.Serialization;

namespace Geonode.Scraper;

/// <summary>A partial update of a webhook (<c>PATCH /v1/webhooks/{id}</c>); properties left unset (<see langword="null"/>,
/// or unset for <see cref="Description"/>) are not sent, and the server leaves them as they are.</summary>
public sealed record WebhookUpdateRequest
{
    /// <summary>Gets the new delivery URL.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the new description: leave it unset to keep the current one, set it to <see langword="null"/> to clear
    /// it (sent as <c>"description": null</c>), or to a text to replace it.</summary>
    /// <value>The default is unset (<c>default</c>): not sent.</value>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(OptionalValueJsonConverter<string>))]
    public OptionalValue<string?> Description { get; init; }

    /// <summary>Gets a value that pauses (<see langword="false"/>) or resumes (<see langword="true"/>) deliveries.</summary>
    public bool? IsActive { get; init; }

    /// <summary>Gets the new event.</summary>
    public WebhookEventType? EventType { get; init; }
}
