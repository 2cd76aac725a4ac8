using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The kind of proxy the API fetches pages through (<c>proxy.type</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(ProxyTypeConverter))]
public readonly struct ProxyType : IEquatable<ProxyType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ProxyType"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ProxyType(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>residential</c>: residential IP addresses (the API's default).</summary>
    public static ProxyType Residential { get; } = new("residential");

    /// <summary>Gets the value <c>datacenter</c>: datacenter IP addresses.</summary>
    public static ProxyType Datacenter { get; } = new("datacenter");

    /// <summary>Gets the value <c>mix</c>: a mix of residential and datacenter addresses.</summary>
    public static ProxyType Mix { get; } = new("mix");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(ProxyType left, ProxyType right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(ProxyType left, ProxyType right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="ProxyType"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ProxyType(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(ProxyType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProxyType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="ProxyType"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class ProxyTypeConverter : StringValueConverter<ProxyType>
    {
        /// <summary>Initializes a new instance of the <see cref="ProxyTypeConverter"/> class.</summary>
        public ProxyTypeConverter()
            : base(static v => new ProxyType(v))
        {
        }
    }
}
