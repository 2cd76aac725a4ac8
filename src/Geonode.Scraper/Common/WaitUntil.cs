using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The page-load event the headless browser waits for before extraction (<c>wait_config.wait_until</c>).</summary>
/// <remarks>
/// An extensible enumeration: the known values are static properties, and any other string is kept as it is,
/// so a value the server adds later never breaks deserialization. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(WaitUntilConverter))]
public readonly struct WaitUntil : IEquatable<WaitUntil>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="WaitUntil"/> struct from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public WaitUntil(string value)
    {
        Guard.NotNull(value);
        _value = value;
    }

    /// <summary>Gets the value <c>commit</c>: the navigation response was received.</summary>
    public static WaitUntil Commit { get; } = new("commit");

    /// <summary>Gets the value <c>domcontentloaded</c>: the DOMContentLoaded event fired (the API's default).</summary>
    public static WaitUntil DomContentLoaded { get; } = new("domcontentloaded");

    /// <summary>Gets the value <c>load</c>: the load event fired.</summary>
    public static WaitUntil Load { get; } = new("load");

    /// <summary>Gets the value <c>networkidle</c>: the network has been idle for a while.</summary>
    /// <remarks>Inferred: the documentation's list of values was cut off after <c>load</c>; <c>networkidle</c> is the usual
    /// fourth value of headless browsers but is not confirmed. A server that does not know it answers with a validation error.</remarks>
    public static WaitUntil NetworkIdle { get; } = new("networkidle");

    /// <summary>Compares two values for equality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(WaitUntil left, WaitUntil right) => left.Equals(right);

    /// <summary>Compares two values for inequality, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(WaitUntil left, WaitUntil right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="WaitUntil"/>.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator WaitUntil(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(WaitUntil other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is WaitUntil other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value.</summary>
    /// <returns>The string sent to or received from the API.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Reads and writes a <see cref="WaitUntil"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class WaitUntilConverter : StringValueConverter<WaitUntil>
    {
        /// <summary>Initializes a new instance of the <see cref="WaitUntilConverter"/> class.</summary>
        public WaitUntilConverter()
            : base(static v => new WaitUntil(v))
        {
        }
    }
}
