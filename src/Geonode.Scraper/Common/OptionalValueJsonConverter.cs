using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper;

/// <summary>
/// Writes a set <see cref="OptionalValue{T}"/> as its value (JSON <c>null</c> included) and reads any JSON value, <c>null</c>
/// included, as set. An unset value is left out by the property's
/// <c>[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]</c>, never written.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>
/// Public so that a source-generated <see cref="JsonSerializerContext"/> of your own over the SDK's models can create it.
/// The value itself is read and written with the options' metadata for <typeparamref name="T"/> (no reflection).
/// </remarks>
public sealed class OptionalValueJsonConverter<T> : JsonConverter<OptionalValue<T>>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override OptionalValue<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Internal.Guard.NotNull(options);
        return reader.TokenType == JsonTokenType.Null
            ? new OptionalValue<T>(default!)
            : new OptionalValue<T>(JsonSerializer.Deserialize(ref reader, TypeInfo(options))!);
    }

    /// <inheritdoc/>
    /// <exception cref="JsonException"><paramref name="value"/> is unset: the property lacks its
    /// <c>[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]</c>.</exception>
    public override void Write(Utf8JsonWriter writer, OptionalValue<T> value, JsonSerializerOptions options)
    {
        Internal.Guard.NotNull(writer);
        Internal.Guard.NotNull(options);
        if (!value.IsSet)
        {
            // Writing null here would silently turn "leave as it is" into "clear".
            throw new JsonException("An unset OptionalValue cannot be written; mark the property [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)].");
        }

        if (value.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Value, TypeInfo(options));
        }
    }

    private static JsonTypeInfo<T> TypeInfo(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
