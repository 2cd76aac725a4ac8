using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <see cref="FakeTimeProvider"/> with a driver (the idea of the unit tests' <c>TestClock</c>): <see cref="Run"/> moves the
/// clock to the next due delay (a <c>Task.Delay</c> through this provider) whenever the code under test waits on one, so a
/// wait of half an hour runs in microseconds and in exactly the order real time would give. Timeouts (token sources that
/// cancel after a delay) fire when the clock passes them but never move the clock by themselves. Everything runs on the
/// calling thread: a poll that returns a completed task and a delay completed by <see cref="FakeTimeProvider.Advance"/>
/// continue inline, which is what makes the simulation deterministic.
/// </summary>
internal sealed class SimulationClock : FakeTimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<Entry> _timers = [];

    public SimulationClock()
        : base(Epoch)
    {
    }

    /// <summary>Gets how far the clock has moved since it was created.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Epoch;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Task.Delay passes its promise as the state; a token source that cancels after a delay passes itself.
        var entry = new Entry(this, isDelay: state is not CancellationTokenSource);
        _timers.RemoveAll(t => !t.Pending);
        _timers.Add(entry);
        entry.Inner = base.CreateTimer(s => { entry.Fire(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        entry.Change(dueTime, period);
        return entry;
    }

    /// <summary>Runs <paramref name="task"/> to completion, moving the clock whenever the code waits on a delay.</summary>
    /// <exception cref="InvalidOperationException">The code waits on something other than this clock.</exception>
    public void Run(Task task)
    {
        while (!task.IsCompleted)
        {
            DateTimeOffset? next = null;
            var delayPending = false;
            foreach (var timer in _timers)
            {
                if (timer.DueAt is { } due)
                {
                    delayPending |= timer.IsDelay;
                    next = next is null || due < next ? due : next;
                }
            }

            if (!delayPending)
            {
                throw new InvalidOperationException($"The code neither finished nor started a delay on the simulated clock (at +{Elapsed}).");
            }

            var step = next!.Value - GetUtcNow();
            Advance(step > TimeSpan.Zero ? step : TimeSpan.Zero);
        }

        task.GetAwaiter().GetResult();
    }

    private sealed class Entry(SimulationClock clock, bool isDelay) : ITimer
    {
        private bool _disposed;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsDelay { get; } = isDelay;

        public ITimer Inner { get; set; } = null!;

        /// <summary>Gets when the timer fires next, or <see langword="null"/> when it is not pending.</summary>
        public DateTimeOffset? DueAt { get; private set; }

        public bool Pending => !_disposed && DueAt is not null;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            return Inner.Change(dueTime, period);
        }

        public void Fire() =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : clock.GetUtcNow() + _period;

        public void Dispose()
        {
            _disposed = true;
            DueAt = null;
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
