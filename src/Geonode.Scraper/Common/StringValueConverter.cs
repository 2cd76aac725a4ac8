using System.Text.Json;
using System.Text.Json.Serialization;

namespace Geonode.Scraper;

/// <summary>
/// Reads and writes an extensible string value ("extensible enum", such as <see cref="JobStatus"/>) as a JSON string.
/// Any string the server sends is accepted and kept, so a new server value never breaks deserialization.
/// </summary>
/// <typeparam name="T">The extensible value type.</typeparam>
/// <remarks>
/// Public so that a <see cref="JsonSerializerContext"/> of your own, source-generated over the SDK's models, can create the
/// converters named by their <see cref="JsonConverterAttribute"/>s; you do not need to use it directly.
/// </remarks>
public abstract class StringValueConverter<T> : JsonConverter<T>
    where T : struct
{
    private readonly Func<string, T> _create;

    /// <summary>Initializes a new instance of the <see cref="StringValueConverter{T}"/> class.</summary>
    /// <param name="create">Makes a value from its wire string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is <see langword="null"/>.</exception>
    protected StringValueConverter(Func<string, T> create)
    {
        Internal.Guard.NotNull(create);
        _create = create;
    }

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return _create(reader.GetString()!);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        Internal.Guard.NotNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
