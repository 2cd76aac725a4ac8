using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AI.Internal;

namespace Geonode.Scraper.AI;

/// <summary>Settings of the tools made by <see cref="ScraperAIFunctions.Create"/>: how much text a call returns, how long a
/// call may wait for a job, and how long a repeated call returns the job it already started.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ScraperAIFunctionOptions
{
    /// <summary>Gets or sets the most characters one tool result may have, truncation note included.</summary>
    /// <value>The default value is 8,000 characters (about 2,000 model tokens); at least 500.</value>
    public int MaxResultLength { get; set; } = 8_000;

    /// <summary>Gets or sets the length of the excerpt shown for each page of a crawl or batch.</summary>
    /// <value>The default value is 300 characters; 0 lists URLs only.</value>
    public int ExcerptLength { get; set; } = 300;

    /// <summary>Gets or sets the most pages the crawl tool lets a model ask for.</summary>
    /// <value>The default value is 25 pages.</value>
    public int MaxCrawlPages { get; set; } = 25;

    /// <summary>Gets or sets the most URLs the batch tool accepts in one call.</summary>
    /// <value>The default value is 25 URLs.</value>
    public int MaxBatchUrls { get; set; } = 25;

    /// <summary>Gets or sets how long one tool call waits for a crawl or batch before it answers with the job id and the
    /// advice to look again later. The job goes on; it is not cancelled.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long a call with the same tool and arguments returns the job or result of the first call
    /// instead of starting (and paying for) another. <see cref="TimeSpan.Zero"/> turns the memory off.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how the tools wait for jobs; <see langword="null"/> for the client's defaults. Its
    /// <see cref="PollingOptions.Timeout"/> still ends a wait before <see cref="ToolTimeout"/> if shorter.</summary>
    public PollingOptions? Polling { get; set; }

    /// <summary>Gets or sets the clock of <see cref="RepeatWindow"/> (<see cref="ToolTimeout"/> runs on the client's clock, as
    /// every wait of the client does).</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal ScraperAIFunctionOptions Validated()
    {
        if (MaxResultLength < 500)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResultLength), MaxResultLength, "A tool result needs at least 500 characters.");
        }

        if (ExcerptLength < 0 || ExcerptLength > MaxResultLength)
        {
            throw new ArgumentOutOfRangeException(nameof(ExcerptLength), ExcerptLength, "The excerpt length must be between 0 and MaxResultLength.");
        }

        if (MaxCrawlPages is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCrawlPages), MaxCrawlPages, "The crawl page limit must be between 1 and 10,000.");
        }

        if (MaxBatchUrls is < 1 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchUrls), MaxBatchUrls, "The batch URL limit must be between 1 and 1,000.");
        }

        if (ToolTimeout <= TimeSpan.Zero && ToolTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(ToolTimeout), ToolTimeout, "The tool timeout must be positive or infinite.");
        }

        if (RepeatWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RepeatWindow), RepeatWindow, "The repeat window cannot be negative.");
        }

        return new ScraperAIFunctionOptions
        {
            MaxResultLength = MaxResultLength,
            ExcerptLength = ExcerptLength,
            MaxCrawlPages = MaxCrawlPages,
            MaxBatchUrls = MaxBatchUrls,
            ToolTimeout = ToolTimeout,
            RepeatWindow = RepeatWindow,
            Polling = Polling is null ? null : Copy(Polling),
            TimeProvider = TimeProvider ?? throw new ArgumentNullException(nameof(TimeProvider)),
        };
    }

    private static PollingOptions Copy(PollingOptions polling) => new()
    {
        InitialDelay = polling.InitialDelay,
        Multiplier = polling.Multiplier,
        MaxDelay = polling.MaxDelay,
        Jitter = polling.Jitter,
        Timeout = polling.Timeout,
        MaxConsecutiveErrors = polling.MaxConsecutiveErrors,
        NotFoundGracePeriod = polling.NotFoundGracePeriod,
        CancelJobOnTimeout = false,   // a model's time limit never cancels the user's job
    };
}
