using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A job's whole life in one object: a batch (<see cref="BatchOperation"/>), a crawl (<see cref="CrawlOperation"/>) or an
/// asynchronous extraction (<see cref="ExtractOperation"/>). Get one by starting a job
/// (<see cref="IScraperClient.StartBatchOperationAsync"/>) or from its id alone, in any process
/// (<see cref="IScraperClient.GetBatchOperation"/>): the job id is all there is to keep.
/// </summary>
/// <remarks>An operation carries the settings of the client that made it (clock, default polling, retries, job ledger,
/// completion signal, logger), so it behaves the same whoever holds it. Its members are virtual and it has a protected
/// constructor, so that tests can replace it (a mocking library, or a subclass of your own).</remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public abstract class JobOperation
{
    private readonly string _jobId;

    /// <summary>Initializes a new instance of the <see cref="JobOperation"/> class for a test double: override the members
    /// it uses; the others throw <see cref="InvalidOperationException"/>.</summary>
    protected JobOperation() => _jobId = string.Empty;

    private protected JobOperation(string jobId) => _jobId = jobId;

    /// <summary>Gets the job id: keep it to get the operation back later, in this process or another
    /// (<see cref="IScraperClient.GetBatchOperation"/> and its siblings).</summary>
    public virtual string JobId => _jobId;

    /// <summary>Gets the job's status as this object last read it; <see langword="null"/> before it has read any.</summary>
    public abstract JobStatus? Status { get; }

    /// <summary>Gets a value indicating whether this object has seen the job end (completed, failed or cancelled).</summary>
    public virtual bool HasCompleted => Status?.IsTerminal == true;

    /// <summary>Returns the kind, the job id and the last status read.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{GetType().Name} {{ JobId = {JobId}, Status = {(Status is { } status ? status.ToString() : "(not read yet)")} }}";
}
