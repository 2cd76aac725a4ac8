using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How <c>POST /v1/extract</c> processes a request (<c>processing_mode</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(ProcessingModeConverter))]
public readonly struct ProcessingMode : IEquatable<ProcessingMode>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ProcessingMode"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ProcessingMode(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>sync</c>: the request blocks until the content is extracted.</summary>
    public static ProcessingMode Sync { get; } = new("sync");

    /// <summary>Gets the value <c>async</c>: the request starts a job and returns at once.</summary>
    public static ProcessingMode Async { get; } = new("async");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(ProcessingMode left, ProcessingMode right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(ProcessingMode left, ProcessingMode right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="ProcessingMode"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ProcessingMode(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(ProcessingMode other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProcessingMode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="ProcessingMode"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class ProcessingModeConverter : StringValueConverter<ProcessingMode>
    {
        /// <summary>Initializes a new instance of the <see cref="ProcessingModeConverter"/> class.</summary>
        public ProcessingModeConverter()
            : base(static v => new ProcessingMode(v))
        {
        }
    }
}
