using System.Net;
using System.Runtime.CompilerServices;

namespace Geonode.Scraper.Internal;

/// <summary>Walks every page of a list endpoint: each item once (by id, even when new items shift the list between page
/// reads), and a clear error instead of an endless loop when the server ignores paging.</summary>
internal static class Pager
{
    /// <summary>The most pages one walk reads; far above any real list (100 × 10,000 items), it only stops runaway loops.</summary>
    internal const int MaxPages = 10_000;

    public static async IAsyncEnumerable<T> ListAllAsync<T>(
        Func<int, CancellationToken, Task<PagedResult<T>>> fetchPage,
        Func<T, string> key,
        int firstPage,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? previous = null;
        for (var page = firstPage; page < firstPage + MaxPages; page++)
        {
            var result = await fetchPage(page, cancellationToken).ConfigureAwait(false);
            if (result.Items.Count == 0)
            {
                yield break;
            }

            var keys = result.Items.Select(key).ToList();
            if ((result.Page > 0 && result.Page != page) || (previous is not null && keys.SequenceEqual(previous)))
            {
                throw new ScraperResponseException(
                    HttpStatusCode.OK,
                    $"Listing {what}: asked for page {page}, the server answered {(result.Page != page ? $"page {result.Page}" : $"the items of page {page - 1} again")}, so it ignores the 'page' parameter. Listing stopped instead of looping.");
            }

            for (var i = 0; i < keys.Count; i++)
            {
                if (seen.Add(keys[i]))
                {
                    yield return result.Items[i];
                }
            }

            if (page >= result.PageCount)
            {
                yield break;
            }

            previous = keys;
        }
    }
}
