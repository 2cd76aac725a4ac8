namespace Geonode.Scraper.Internal;

/// <summary>
/// Ends a <see cref="PollLoop{TJob}"/> that stops before the job does: at its deadline, at its time limit, or by a stop
/// condition. It never leaves the SDK: the caller of the loop (<see cref="JobPoller.WaitAsync{TJob}"/>, a watch) hands it
/// to <see cref="JobPoller.StoppedAsync{TJob}"/>, which cancels the job when the reason asks for it and gives the caller
/// its answer: the job as it stands (time limit), <see cref="JobTimeoutException"/>, or the stop condition's exception.
/// </summary>
internal sealed class WaitStoppedException(WaitEnd end, IScraperJob? last, TimeSpan elapsed, object? condition) : Exception($"The wait ended ({end}).")
{
    public WaitEnd End { get; } = end;

    public IScraperJob? Last { get; } = last;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>Gets the <see cref="WaitStopCondition{TJob}"/> that ended the wait, for <see cref="WaitEnd.Stopped"/>.</summary>
    public object? Condition { get; } = condition;
}
