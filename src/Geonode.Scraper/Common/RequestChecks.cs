namespace Geonode.Scraper.Internal;

/// <summary>Argument checks that several features share, run before any request.</summary>
internal static class RequestChecks
{
    public static void RequireUrl(string? url, string what, string paramName)
    {
        if (!Guard.IsAbsoluteHttpUrl(url))
        {
            throw new ArgumentException($"{what} must be an absolute http or https URL; got '{url}'.", paramName);
        }
    }

    public static void CheckListPage(int page, int pageSize, string paramName, int maxPageSize = 100)
    {
        if (page < 1)
        {
            throw new ArgumentException($"The page number starts at 1; got {page}.", paramName);
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            throw new ArgumentException($"The page size must be between 1 and {maxPageSize}; got {pageSize}.", paramName);
        }
    }

    /// <summary>Checks what a request sends on to target sites: never the API key, no negative wait.</summary>
    public static void CheckTargetOptions(IReadOnlyDictionary<string, string>? headers, WaitConfig? waitConfig, string apiKey, string paramName)
    {
        if (headers is not null && headers.Any(h => h.Key.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase)
            || (h.Value is not null && h.Value.Contains(apiKey))))
        {
            throw new ArgumentException("The headers for target sites contain your API key (or an X-Api-Key header); it must never be sent to another site.", paramName);
        }

        if (waitConfig?.WaitTimeout is < 0)
        {
            throw new ArgumentException("WaitConfig.WaitTimeout cannot be negative.", paramName);
        }
    }
}
