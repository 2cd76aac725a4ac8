using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>What a re-run of the failed URLs of a batch, or the failed pages of a crawl, started.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record RerunResult
{
    /// <summary>Gets the id of the batch or crawl whose failures were re-run.</summary>
    public required string SourceJobId { get; init; }

    /// <summary>Gets the URLs that had failed and were sent again, in the order of the source job's results.</summary>
    public IReadOnlyList<string> FailedUrls { get; init; } = [];

    /// <summary>Gets the batches started: none when nothing failed, one for up to 1,000 failed URLs, more beyond that.</summary>
    public IReadOnlyList<BatchOperation> Batches { get; init; } = [];

    /// <summary>Gets where the settings of the re-run came from.</summary>
    public RerunSettingsSource SettingsSource { get; init; }

    /// <summary>Gets a value indicating whether nothing had failed, so nothing was started.</summary>
    public bool NothingFailed => FailedUrls.Count == 0;
}
