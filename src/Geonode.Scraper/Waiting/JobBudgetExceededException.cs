using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>A job waited for with a <see cref="TokenBudget"/> was charged more than the budget while it ran: the SDK
/// cancelled it on the server (<see cref="CancelRequested"/>) and the wait ends here.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class JobBudgetExceededException : JobException
{
    /// <summary>Initializes a new instance of the <see cref="JobBudgetExceededException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The snapshot that showed the budget crossed.</param>
    /// <param name="usage">The job's token usage in that snapshot.</param>
    /// <param name="maxTokens">The budget.</param>
    /// <param name="cancelRequested">Whether the SDK cancelled the job on the server.</param>
    /// <param name="cancelError">Why cancelling the job failed, if it did.</param>
    public JobBudgetExceededException(string jobId, IScraperJob? lastSnapshot, TokenSummary usage, int maxTokens, bool cancelRequested, Exception? cancelError)
        : base(jobId, lastSnapshot, BuildMessage(jobId, usage, maxTokens, cancelRequested, cancelError))
    {
        Usage = usage;
        MaxTokens = maxTokens;
        CancelRequested = cancelRequested;
        CancelError = cancelError;
    }

    /// <summary>Gets the job's token usage when the budget was found crossed (charged, and still reserved).</summary>
    public TokenSummary Usage { get; }

    /// <summary>Gets the name of a shared budget (<see cref="TokenBudget.Name"/>); <see langword="null"/> for a budget of this
    /// job alone.</summary>
    public string? BudgetName { get; init; }

    /// <summary>Gets the tokens charged under the budget when it was found crossed: this job's, or for a named budget those
    /// of every job under the name.</summary>
    public long ChargedUnderBudget { get; init; }

    /// <summary>Gets the budget (<see cref="TokenBudget.MaxTokens"/>).</summary>
    public int MaxTokens { get; }

    /// <summary>Gets a value indicating whether the job was cancelled on the server: the server accepted the cancel, or the
    /// job was found cancelled.</summary>
    public bool CancelRequested { get; }

    /// <summary>Gets why cancelling the job failed (for example a <see cref="ScraperConflictException"/>: it ended
    /// meanwhile), or <see langword="null"/>.</summary>
    public Exception? CancelError { get; }

    private static string BuildMessage(string jobId, TokenSummary usage, int maxTokens, bool cancelRequested, Exception? cancelError)
    {
        var rest = cancelRequested ? "The job was cancelled on the server."
            : cancelError is not null ? $"Cancelling the job failed, so it may still be running: {cancelError.Message}"
            : "The job was not cancelled.";
        return $"Job {jobId} was charged {usage?.TokensChargedTotal} tokens, over its budget of {maxTokens}. {rest}";
    }
}
