namespace Geonode.Scraper;

/// <summary>
/// A value of a partial update (PATCH) that is either unset (the field is left out, so the server leaves it as it is), set
/// to <see langword="null"/> (sent as JSON <c>null</c>, which clears it), or set to a value. <c>default</c> is unset.
/// </summary>
/// <typeparam name="T">The type of the value, usually nullable.</typeparam>
/// <remarks>
/// Assign a value or <see langword="null"/> directly (<c>Description = null</c> clears the description,
/// <c>Description = "text"</c> sets it); leave the property alone to keep what the server has. On the wire, a model
/// property of this type carries <c>[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]</c> and
/// <see cref="OptionalValueJsonConverter{T}"/>, so a source-generated context of your own writes it the same way.
/// </remarks>
public readonly struct OptionalValue<T> : IEquatable<OptionalValue<T>>
{
    private readonly T _value;

    /// <summary>Initializes a new instance of the <see cref="OptionalValue{T}"/> struct that is set to a value.</summary>
    /// <param name="value">The value, which may be <see langword="null"/>.</param>
    public OptionalValue(T value)
    {
        _value = value;
        IsSet = true;
    }

    /// <summary>Gets a value indicating whether the value is set (possibly to <see langword="null"/>).</summary>
    public bool IsSet { get; }

    /// <summary>Gets the value.</summary>
    /// <exception cref="InvalidOperationException">The value is unset; check <see cref="IsSet"/> first.</exception>
    public T Value => IsSet ? _value : throw new InvalidOperationException("The value is unset; check IsSet first.");

    /// <summary>Sets a value (possibly <see langword="null"/>).</summary>
    /// <param name="value">The value.</param>
    public static implicit operator OptionalValue<T>(T value) => new(value);

    /// <summary>Compares two values: equal when both are unset, or both are set to equal values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(OptionalValue<T> left, OptionalValue<T> right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(OptionalValue<T> left, OptionalValue<T> right) => !left.Equals(right);

    /// <summary>Returns the value, or <paramref name="fallback"/> when unset.</summary>
    /// <param name="fallback">The value to return when unset.</param>
    /// <returns>The value or the fallback.</returns>
    public T GetValueOrDefault(T fallback) => IsSet ? _value : fallback;

    /// <inheritdoc/>
    public bool Equals(OptionalValue<T> other) =>
        IsSet == other.IsSet && (!IsSet || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OptionalValue<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => !IsSet ? 0 : _value is null ? 1 : _value.GetHashCode();

    /// <summary>Returns <c>unset</c>, <c>null</c>, or the value's text.</summary>
    /// <returns>A description of the value.</returns>
    public override string ToString() => !IsSet ? "unset" : _value?.ToString() ?? "null";
}
