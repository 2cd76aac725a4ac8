using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Where the map endpoint found a URL (<c>links[].source</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(MapLinkSourceConverter))]
public readonly struct MapLinkSource : IEquatable<MapLinkSource>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="MapLinkSource"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public MapLinkSource(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>html</c>: a link in the seed page's HTML.</summary>
    public static MapLinkSource Html { get; } = new("html");

    /// <summary>Gets the value <c>sitemap</c>: a sitemap entry.</summary>
    public static MapLinkSource Sitemap { get; } = new("sitemap");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(MapLinkSource left, MapLinkSource right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(MapLinkSource left, MapLinkSource right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="MapLinkSource"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator MapLinkSource(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(MapLinkSource other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MapLinkSource other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="MapLinkSource"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class MapLinkSourceConverter : StringValueConverter<MapLinkSource>
    {
        /// <summary>Initializes a new instance of the <see cref="MapLinkSourceConverter"/> class.</summary>
        public MapLinkSourceConverter()
            : base(static v => new MapLinkSource(v))
        {
        }
    }
}
