using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Adds up what the jobs under a named <see cref="TokenBudget"/> have been charged, across every process that shares the
/// store, so that waits on several replicas stop together at the budget. <see cref="InProcessTokenBudgetStore"/> is the
/// default (one process); the <c>Geonode.Scraper.PostgreSql</c> package shares it between replicas.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public interface ITokenBudgetStore
{
    /// <summary>Records that job <paramref name="jobId"/> has been charged <paramref name="tokensCharged"/> tokens so far
    /// under the budget <paramref name="budgetName"/> (a job's figure only grows: a lower one than recorded is ignored), and
    /// returns the sum over every job recorded under that name.</summary>
    /// <param name="budgetName">The budget's name.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="tokensCharged">The tokens the job has been charged so far.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The total charged under the budget.</returns>
    ValueTask<long> RecordAsync(string budgetName, string jobId, long tokensCharged, CancellationToken cancellationToken = default);
}
