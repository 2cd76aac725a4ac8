using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A re-run needed several batches (more than 1,000 failed URLs) and one of them could not be started after
/// others were: the started ones run (and bill) on the server, so they are listed here with the URLs not yet sent.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class RerunIncompleteException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="RerunIncompleteException"/> class.</summary>
    /// <param name="sourceJobId">The id of the job whose failures were being re-run.</param>
    /// <param name="started">The batches that were started.</param>
    /// <param name="notStartedUrls">The failed URLs no batch was started for.</param>
    /// <param name="innerException">Why the next batch could not be started.</param>
    public RerunIncompleteException(string sourceJobId, IReadOnlyList<BatchOperation> started, IReadOnlyList<string> notStartedUrls, Exception innerException)
        : base(
            $"Re-running the failures of job {sourceJobId}: {started?.Count ?? 0} batch(es) started ({string.Join(", ", (started ?? []).Select(b => b.JobId))}), "
            + $"{notStartedUrls?.Count ?? 0} URLs not sent: {innerException?.Message}",
            innerException)
    {
        SourceJobId = sourceJobId;
        Started = started ?? [];
        NotStartedUrls = notStartedUrls ?? [];
    }

    /// <summary>Gets the id of the job whose failures were being re-run.</summary>
    public string SourceJobId { get; }

    /// <summary>Gets the batches that were started and run on the server.</summary>
    public IReadOnlyList<BatchOperation> Started { get; }

    /// <summary>Gets the failed URLs no batch was started for.</summary>
    public IReadOnlyList<string> NotStartedUrls { get; }
}
