using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The in-process <see cref="ITokenBudgetStore"/>: budgets shared by the waits of one process. Thread-safe.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class InProcessTokenBudgetStore : ITokenBudgetStore
{
    private readonly Dictionary<string, Dictionary<string, long>> _budgets = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="budgetName"/> or <paramref name="jobId"/> is empty.</exception>
    public ValueTask<long> RecordAsync(string budgetName, string jobId, long tokensCharged, CancellationToken cancellationToken = default)
    {
        Guard.NotNullOrWhiteSpace(budgetName);
        Guard.NotNullOrWhiteSpace(jobId);
        lock (_budgets)
        {
            if (!_budgets.TryGetValue(budgetName, out var jobs))
            {
                _budgets[budgetName] = jobs = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            if (!jobs.TryGetValue(jobId, out var known) || tokensCharged > known)
            {
                jobs[jobId] = tokensCharged;
            }

            return new ValueTask<long>(jobs.Values.Sum());
        }
    }
}
