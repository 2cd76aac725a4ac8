using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A limit on the requests (tokens) a batch or crawl may be charged while the SDK waits for it
/// (<see cref="TokenBudgetExtensions"/>).</summary>
/// <remarks>The budget is checked at each poll, against the snapshot's <c>token_summary.tokens_charged_total</c>, so a
/// job can overshoot it by what it is charged in one poll interval: the wait polls at least every
/// <see cref="MaxPollInterval"/> (plus the polling's jitter; longer only when the server asks for it with
/// <c>Retry-After</c>).</remarks>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class TokenBudget
{
    /// <summary>Gets or sets the most tokens the job may be charged: once a snapshot of the running job shows more, the job
    /// is cancelled on the server and the wait throws <see cref="JobBudgetExceededException"/>.</summary>
    /// <value>The default value is 0; set it.</value>
    public int MaxTokens { get; set; }

    /// <summary>Gets or sets the longest delay between two polls of a budgeted wait: it bounds the overshoot. It caps
    /// <see cref="PollingOptions.MaxDelay"/> (and <see cref="PollingOptions.InitialDelay"/>) of the wait.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
