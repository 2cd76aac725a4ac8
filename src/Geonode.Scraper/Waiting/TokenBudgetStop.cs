namespace Geonode.Scraper.Internal;

/// <summary>
/// The <see cref="TokenBudget"/> stop condition: polls at least every <see cref="TokenBudget.MaxPollInterval"/> and stops
/// the wait once the running job (or, for a named budget, every job under the name, across processes that share the
/// <see cref="ITokenBudgetStore"/>) has been charged more than <see cref="TokenBudget.MaxTokens"/>.
/// </summary>
internal sealed class TokenBudgetStop<TJob> : WaitStopCondition<TJob>
    where TJob : class, IScraperJob
{
    private readonly TokenBudget _budget;
    private readonly Func<TJob, TokenSummary?> _usageOf;
    private readonly ITokenBudgetStore _store;
    private TokenSummary? _usage;
    private long _total;

    /// <param name="budget">A validated copy of the caller's budget.</param>
    /// <param name="usageOf">What a snapshot says the job was charged.</param>
    /// <param name="store">Where a named budget is added up.</param>
    public TokenBudgetStop(TokenBudget budget, Func<TJob, TokenSummary?> usageOf, ITokenBudgetStore store)
    {
        _budget = budget;
        _usageOf = usageOf;
        _store = store;
    }

    public override TimeSpan? Cap => _budget.MaxPollInterval;

    public override string Name => "budget";

    public override async ValueTask<bool> ShouldStopAsync(TJob snapshot, CancellationToken cancellationToken)
    {
        if (_usageOf(snapshot) is not { } usage)
        {
            return false;
        }

        _usage = usage;
        _total = _budget.Name is { } name
            ? await _store.RecordAsync(name, snapshot.JobId, usage.TokensChargedTotal, cancellationToken).ConfigureAwait(false)
            : usage.TokensChargedTotal;
        return _total > _budget.MaxTokens;
    }

    public override Exception CreateException(string jobId, TJob snapshot, bool cancelRequested, Exception? cancelError) =>
        new JobBudgetExceededException(jobId, snapshot, _usage!, _budget.MaxTokens, cancelRequested, cancelError)
        {
            BudgetName = _budget.Name,
            ChargedUnderBudget = _total,
        };
}
