using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A limit on the requests (tokens) a batch or crawl may be charged while the SDK waits for it
/// (<see cref="JobWaitOptions.Budget"/>).</summary>
/// <remarks>The budget is checked at each poll, against the snapshot's <c>token_summary.tokens_charged_total</c>, so a
/// job can overshoot it by what it is charged in one poll interval: the wait polls at least every
/// <see cref="MaxPollInterval"/> (longer only when the server asks for it with
/// <c>Retry-After</c>).</remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class TokenBudget
{
    /// <summary>Gets or sets the most tokens the job may be charged: once a snapshot of the running job shows more, the job
    /// is cancelled on the server and the wait throws <see cref="JobBudgetExceededException"/>.</summary>
    /// <value>The default value is 0; set it.</value>
    public int MaxTokens { get; set; }

    /// <summary>Gets or sets the longest delay between two polls of a budgeted wait: it bounds the overshoot. It caps every
    /// delay the wait chooses, with or without a completion signal; only a <c>Retry-After</c> from the server is longer.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the name of a budget shared by several jobs: what every job waited for under this name is
    /// charged is added up (across processes that share an <see cref="ITokenBudgetStore"/>, such as replicas on
    /// PostgreSQL), and each wait stops once the total is over <see cref="MaxTokens"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the budget of the one job waited for.</value>
    public string? Name { get; set; }
}
