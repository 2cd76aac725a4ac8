using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Geonode.Scraper.Tests.Support;

/// <summary>Finds the places where an SDK object holds <see langword="null"/> although its type says it cannot: a
/// non-nullable property, or an element of a list of non-nullable items. A typed result with such a hole would throw
/// <see cref="NullReferenceException"/> in the caller's code, far from the response that caused it.</summary>
public static class NullContract
{
    private static readonly Assembly Sdk = typeof(ScraperClient).Assembly;

    public static List<string> Violations(object? value, string path = "result")
    {
        var found = new List<string>();
        Walk(value, path, new NullabilityInfoContext(), found);
        return found;
    }

    private static void Walk(object? value, string path, NullabilityInfoContext context, List<string> found)
    {
        if (value is null || value is string || value is JsonElement || value.GetType().Assembly != Sdk && value is not IEnumerable)
        {
            return;
        }

        if (value is IEnumerable items and not IDictionary)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", context, found);
            }

            return;
        }

        if (value.GetType().IsValueType)
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null && property.PropertyType.Assembly != Sdk)
            {
                continue;
            }

            var info = context.Create(property);
            var child = property.GetValue(value);
            var name = $"{path}.{property.Name}";
            if (child is null)
            {
                if (info.ReadState == NullabilityState.NotNull)
                {
                    found.Add(name + " is null");
                }

                continue;
            }

            if (child is IEnumerable list and not string and not IDictionary && ElementState(info) == NullabilityState.NotNull)
            {
                var i = 0;
                foreach (var item in list)
                {
                    if (item is null)
                    {
                        found.Add($"{name}[{i}] is null");
                    }

                    i++;
                }
            }

            Walk(child, name, context, found);
        }
    }

    private static NullabilityState ElementState(NullabilityInfo info) =>
        info.ElementType?.ReadState ?? (info.GenericTypeArguments.Length == 1 ? info.GenericTypeArguments[0].ReadState : NullabilityState.Unknown);
}
