using System.Text.Json;
using System.Text.Json.Serialization;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Reads and writes an extensible string value ("extensible enum") as a JSON string.
/// Any string the server sends is accepted and kept, so a new server value never breaks deserialization.
/// </summary>
internal abstract class StringValueConverter<T> : JsonConverter<T>
    where T : struct
{
    private readonly Func<string, T> _create;

    protected StringValueConverter(Func<string, T> create) => _create = create;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return _create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
