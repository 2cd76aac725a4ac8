using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The event a webhook subscribes to (<c>event_type</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(WebhookEventTypeConverter))]
public readonly struct WebhookEventType : IEquatable<WebhookEventType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="WebhookEventType"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public WebhookEventType(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>extract_completed</c>: an extraction job finished.</summary>
    public static WebhookEventType ExtractCompleted { get; } = new("extract_completed");

    /// <summary>Gets the value <c>batch_completed</c>: a batch job finished.</summary>
    public static WebhookEventType BatchCompleted { get; } = new("batch_completed");

    /// <summary>Gets the value <c>crawl_completed</c>: a crawl job finished.</summary>
    public static WebhookEventType CrawlCompleted { get; } = new("crawl_completed");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(WebhookEventType left, WebhookEventType right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(WebhookEventType left, WebhookEventType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="WebhookEventType"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator WebhookEventType(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(WebhookEventType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WebhookEventType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="WebhookEventType"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class WebhookEventTypeConverter : StringValueConverter<WebhookEventType>
    {
        /// <summary>Initializes a new instance of the <see cref="WebhookEventTypeConverter"/> class.</summary>
        public WebhookEventTypeConverter()
            : base(static v => new WebhookEventType(v))
        {
        }
    }
}
