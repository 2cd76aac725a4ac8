using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>One settled URL of <see cref="IScraperClient.ScrapeManyAsync"/>: its position in the caller's list,
/// the batch that extracted it, and its result.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record ScrapeManyItem
{
    /// <summary>Gets the 0-based position of the URL in the list passed to <see cref="IScraperClient.ScrapeManyAsync"/>.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the id of the batch that extracted the URL.</summary>
    public required string BatchJobId { get; init; }

    /// <summary>Gets the result; its <see cref="BatchItem.InputIndex"/> is the position within that batch.</summary>
    public required BatchItem Item { get; init; }
}
