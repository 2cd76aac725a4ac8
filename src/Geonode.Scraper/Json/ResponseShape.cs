using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Checks what System.Text.Json lets through but the models promise never to hold: <see langword="null"/> in a required
/// member (<c>"job_id": null</c>) or in an element of a list (<c>"results": [null]</c>). Either would surface later as a
/// <see cref="NullReferenceException"/> in the caller's code (or the SDK's paging), far from the response that caused it;
/// here it becomes a <see cref="JsonException"/> that the reader reports as an unexpected body. Walks the source-generated
/// metadata only (no reflection), and reads only reference-typed members (no boxing).
/// </summary>
internal static class ResponseShape
{
    private const int MaxDepth = 16;

    /// <exception cref="JsonException">The value holds a null that its model does not allow.</exception>
    public static void Check(object value, JsonTypeInfo typeInfo) => CheckObject(value, typeInfo, 0);

    private static void CheckObject(object value, JsonTypeInfo typeInfo, int depth)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || depth > MaxDepth)
        {
            return;
        }

        // An index loop: the properties are an IList, whose enumerator would be allocated for every object read.
        var properties = typeInfo.Properties;
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            if (property.PropertyType.IsValueType || property.Get is not { } get)
            {
                continue;
            }

            var member = get(value);
            if (member is null)
            {
                if (property.IsRequired || RequiredInModel(typeInfo, i))
                {
                    throw new JsonException($"'{property.Name}' of {typeInfo.Type.Name} is required but null.");
                }

                continue;
            }

            // Most members are strings, which hold nothing to check: skip the metadata lookup (a cache read per member).
            if (member is string)
            {
                continue;
            }

            CheckValue(member, typeInfo.Options.GetTypeInfo(property.PropertyType), property.Name, depth + 1);
        }
    }

    /// <summary>Whether the model's member is <c>required</c>, by its generated metadata: the hand-written metadata of list
    /// items (<see cref="ModelJson"/>) leaves that check to this class. Asked only when a member is null.</summary>
    private static bool RequiredInModel(JsonTypeInfo typeInfo, int index) =>
        ScraperJsonContext.Default.GetTypeInfo(typeInfo.Type) is { } generated && index < generated.Properties.Count && generated.Properties[index].IsRequired;

    private static void CheckValue(object value, JsonTypeInfo typeInfo, string name, int depth)
    {
        if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            CheckObject(value, typeInfo, depth);
            return;
        }

        if (typeInfo.Kind != JsonTypeInfoKind.Enumerable || ElementType(typeInfo.Type) is not { IsValueType: false } elementType)
        {
            return;
        }

        var elementInfo = typeInfo.Options.GetTypeInfo(elementType);
        if (value is IList list)
        {
            // Lists are read as List<T>: an indexer, no boxed enumerator.
            for (var i = 0; i < list.Count; i++)
            {
                CheckElement(list[i], elementInfo, name, i, depth);
            }

            return;
        }

        var index = 0;
        foreach (var element in (IEnumerable)value)
        {
            CheckElement(element, elementInfo, name, index++, depth);
        }
    }

    /// <summary>The element type of the SDK's collections (<c>IReadOnlyList&lt;T&gt;</c>, arrays); JsonTypeInfo.ElementType
    /// needs System.Text.Json 9.</summary>
    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericArguments() is { Length: 1 } arguments ? arguments[0] : null;

    private static void CheckElement(object? element, JsonTypeInfo elementInfo, string name, int index, int depth)
    {
        if (element is null)
        {
            throw new JsonException($"The array '{name}' holds null at index {index}.");
        }

        CheckValue(element, elementInfo, name, depth + 1);
    }
}
