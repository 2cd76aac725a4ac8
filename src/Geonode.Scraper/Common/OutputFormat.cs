using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>An output format of extracted content (<c>formats</c> in requests).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(OutputFormatConverter))]
public readonly struct OutputFormat : IEquatable<OutputFormat>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="OutputFormat"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public OutputFormat(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>markdown</c>: the page as Markdown.</summary>
    public static OutputFormat Markdown { get; } = new("markdown");

    /// <summary>Gets the value <c>html</c>: the page as HTML.</summary>
    public static OutputFormat Html { get; } = new("html");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(OutputFormat left, OutputFormat right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(OutputFormat left, OutputFormat right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="OutputFormat"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator OutputFormat(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(OutputFormat other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OutputFormat other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="OutputFormat"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class OutputFormatConverter : StringValueConverter<OutputFormat>
    {
        /// <summary>Initializes a new instance of the <see cref="OutputFormatConverter"/> class.</summary>
        public OutputFormatConverter()
            : base(static v => new OutputFormat(v))
        {
        }
    }
}
