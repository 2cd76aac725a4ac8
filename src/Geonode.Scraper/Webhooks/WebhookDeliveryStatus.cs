using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The status of one webhook delivery attempt.</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(WebhookDeliveryStatusConverter))]
public readonly struct WebhookDeliveryStatus : IEquatable<WebhookDeliveryStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryStatus"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public WebhookDeliveryStatus(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>pending</c>: the delivery is waiting to be sent.</summary>
    public static WebhookDeliveryStatus Pending { get; } = new("pending");

    /// <summary>Gets the value <c>success</c>: the receiver accepted the delivery.</summary>
    public static WebhookDeliveryStatus Success { get; } = new("success");

    /// <summary>Gets the value <c>failed</c>: the attempt failed and may be retried.</summary>
    public static WebhookDeliveryStatus Failed { get; } = new("failed");

    /// <summary>Gets the value <c>abandoned</c>: the server gave up after its retries.</summary>
    public static WebhookDeliveryStatus Abandoned { get; } = new("abandoned");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(WebhookDeliveryStatus left, WebhookDeliveryStatus right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(WebhookDeliveryStatus left, WebhookDeliveryStatus right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="WebhookDeliveryStatus"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator WebhookDeliveryStatus(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(WebhookDeliveryStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WebhookDeliveryStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="WebhookDeliveryStatus"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class WebhookDeliveryStatusConverter : StringValueConverter<WebhookDeliveryStatus>
    {
        /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryStatusConverter"/> class.</summary>
        public WebhookDeliveryStatusConverter()
            : base(static v => new WebhookDeliveryStatus(v))
        {
        }
    }
}
