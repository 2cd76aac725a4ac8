using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How a job is started.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class JobStartOptions
{
    /// <summary>Gets or sets the identity of the work, chosen by the caller (an order id, a queue message id): under a job
    /// ledger (<see cref="IJobLedger"/>), every start with the same key, in this process or another that shares the ledger,
    /// gets the same job, and only one of them sends the request that starts (and bills) it. At most 200 characters.</summary>
    /// <value>The default value is <see langword="null"/>: every start is new work.</value>
    public string? IdempotencyKey { get; set; }
}
