using System.Runtime.CompilerServices;

namespace Geonode.Scraper.Internal;

/// <summary>Walks every page of a list endpoint, defensively: a server that lies about counts cannot make it loop forever.</summary>
internal static class Pager
{
    /// <summary>The most pages one walk reads; far above any real list (100 × 10,000 items), it only stops runaway loops.</summary>
    internal const int MaxPages = 10_000;

    public static async IAsyncEnumerable<T> ListAllAsync<T>(
        Func<int, CancellationToken, Task<PagedResult<T>>> fetchPage, int firstPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<T>? previous = null;
        for (var page = firstPage; page < firstPage + MaxPages; page++)
        {
            var result = await fetchPage(page, cancellationToken).ConfigureAwait(false);
            if (result.Items.Count == 0 || (previous is not null && previous.SequenceEqual(result.Items)))
            {
                // Empty page, or the server answered the same page again (it ignores `page`): nothing new to read.
                yield break;
            }

            foreach (var item in result.Items)
            {
                yield return item;
            }

            if (page >= result.PageCount)
            {
                yield break;
            }

            previous = result.Items;
        }
    }
}
