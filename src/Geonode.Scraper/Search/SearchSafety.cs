using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The safe-search level of a web search (<c>safe</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(SearchSafetyConverter))]
public readonly struct SearchSafety : IEquatable<SearchSafety>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="SearchSafety"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public SearchSafety(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>off</c>: no filtering (the API's default).</summary>
    public static SearchSafety Off { get; } = new("off");

    /// <summary>Gets the value <c>moderate</c>: moderate filtering.</summary>
    public static SearchSafety Moderate { get; } = new("moderate");

    /// <summary>Gets the value <c>strict</c>: strict filtering.</summary>
    public static SearchSafety Strict { get; } = new("strict");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(SearchSafety left, SearchSafety right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(SearchSafety left, SearchSafety right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="SearchSafety"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator SearchSafety(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(SearchSafety other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SearchSafety other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="SearchSafety"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class SearchSafetyConverter : StringValueConverter<SearchSafety>
    {
        /// <summary>Initializes a new instance of the <see cref="SearchSafetyConverter"/> class.</summary>
        public SearchSafetyConverter()
            : base(static v => new SearchSafety(v))
        {
        }
    }
}
