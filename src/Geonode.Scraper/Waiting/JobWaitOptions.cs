using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How one wait or watch of an operation runs: its polling, its token budget, and a time limit after which it
/// returns the job as it stands. The SDK copies and validates them when the wait starts.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class JobWaitOptions
{
    /// <summary>Gets or sets how to poll.</summary>
    /// <value>The default value is <see langword="null"/>: the client's <see cref="ScraperClientOptions.Polling"/>.</value>
    public PollingOptions? Polling { get; set; }

    /// <summary>Gets or sets a token budget (batches and crawls): a running job charged over it is cancelled on the server and
    /// the wait throws <see cref="JobBudgetExceededException"/>. While it applies, the wait polls at least every
    /// <see cref="TokenBudget.MaxPollInterval"/>.</summary>
    /// <value>The default value is <see langword="null"/>: no budget.</value>
    public TokenBudget? Budget { get; set; }

    /// <summary>Gets or sets how long to wait at most: then the wait returns the job as it stands (a watch ends after what
    /// had settled), without an error and without cancelling the job. A last poll lands just before. For tools that must
    /// answer within a bound, such as an agent's.</summary>
    /// <value>The default value is <see langword="null"/>: until the job ends or <see cref="PollingOptions.Timeout"/>.</value>
    public TimeSpan? StopWaitingAfter { get; set; }

    internal TimeSpan? ValidatedTimeLimit(string paramName) =>
        StopWaitingAfter is { } limit && (limit <= TimeSpan.Zero || limit > OptionChecks.MaxTimer)
            ? throw new ArgumentException($"options.StopWaitingAfter must be positive; got {limit}.", paramName)
            : StopWaitingAfter;
}
