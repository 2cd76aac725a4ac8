using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The SDK's source-generated JSON metadata for its public models, in the API's wire format (snake_case names, nulls left
/// out when writing, unknown members skipped when reading). Use it to store, read or send SDK models in a trimmed or native
/// AOT app, where reflection-based serialization is off; it needs no reflection.
/// </summary>
/// <remarks>
/// <para>Read or write one model: <c>JsonSerializer.Deserialize(json, ScraperJson.GetTypeInfo&lt;BatchJob&gt;())</c>,
/// <c>JsonSerializer.Serialize(job, ScraperJson.GetTypeInfo&lt;BatchJob&gt;())</c>. Every model the SDK returns or
/// accepts is covered, with the models inside it (items, pages, configs).</para>
/// <para>Combine it with your own source-generated context:
/// <c>options.TypeInfoResolverChain.Add(ScraperJson.TypeInfoResolver)</c> (give your options
/// <see cref="JsonNamingPolicy.SnakeCaseLower"/> too). Your own <see cref="JsonSerializerContext"/> with
/// <c>[JsonSerializable(typeof(BatchJob))]</c> also works: the converters that SDK value types name are public
/// (<see cref="StringValueConverter{T}"/>, <see cref="OptionalValueJsonConverter{T}"/>).</para>
/// </remarks>
public static class ScraperJson
{
    /// <summary>Gets the resolver of the SDK's JSON metadata, to add to the <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>
    /// of your own options.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => ScraperJsonContext.Default;

    /// <summary>Gets read-only options with the API's wire format whose metadata comes from <see cref="TypeInfoResolver"/>.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Gets the metadata of one SDK model, for the <c>JsonSerializer</c> overloads that take a
    /// <see cref="JsonTypeInfo{T}"/> (the ones that work with reflection off).</summary>
    /// <typeparam name="T">An SDK model, for example <see cref="BatchJob"/>, <see cref="CrawlPage"/> or
    /// <see cref="BatchRequest"/>.</typeparam>
    /// <returns>The metadata of <typeparamref name="T"/> in <see cref="Options"/>.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a type the SDK reads or writes.</exception>
    public static JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        // A copy: the context's own options are the SDK's, and a caller must not be able to change them.
        var options = new JsonSerializerOptions(ScraperJsonContext.Default.Options);
        options.MakeReadOnly();
        return options;
    }
}
