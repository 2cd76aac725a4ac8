namespace Geonode.Scraper;

/// <summary>
/// The default delay strategy: picks one by <see cref="PollDelayContext.Kind"/>. Extractions carry no counters, so their
/// polls follow a <see cref="DurationPrior"/> (the durations of the extractions this strategy has seen end, else typical
/// ones); batches and crawls follow <see cref="FinishPrediction"/> (their counters). One instance serves every wait of a
/// client, so what it learns from one extraction shapes the polls of the next.
/// </summary>
internal sealed class DefaultPollStrategy : IPollDelayStrategy
{
    /// <summary>Initializes a new instance of the <see cref="DefaultPollStrategy"/> class.</summary>
    /// <param name="extractions">The duration prior of extractions; a new one (typical durations, nothing learnt yet) when null.</param>
    public DefaultPollStrategy(DurationPrior? extractions = null)
    {
        Extractions = extractions ?? new DurationPrior();
    }

    /// <summary>Gets the duration prior that schedules the polls of extractions.</summary>
    public DurationPrior Extractions { get; }

    public PollDelay NextDelay(PollDelayContext context) =>
        context.Kind == JobKind.Extract ? Extractions.NextDelay(context) : FinishPrediction.Instance.NextDelay(context);

    public void JobEnded(JobKind kind, TimeSpan duration)
    {
        // Batches and crawls are predicted from their own counters; only extractions need the durations of earlier jobs.
        if (kind == JobKind.Extract)
        {
            Extractions.Record(duration);
        }
    }
}
