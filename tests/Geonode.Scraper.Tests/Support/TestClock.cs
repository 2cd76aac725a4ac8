using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.Tests.Support;

/// <summary>
/// <see cref="FakeTimeProvider"/> with a driver: <see cref="Run{T}(Task{T})"/> advances the clock to the next due timer
/// whenever the code under test is waiting on a delay (a <c>Task.Delay</c> through this provider), so waits, retries,
/// deadlines and attempt timeouts run instantly and in exactly the order real time would give them. Timeouts (token
/// sources cancelled after a delay) fire when the clock passes them but never make the clock move by themselves.
/// Every delay's due time is recorded in <see cref="Delays"/>. No real sleep anywhere.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    public static readonly DateTimeOffset Epoch = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly object _lock = new();
    private readonly List<Entry> _timers = [];
    private readonly List<TimeSpan> _delays = [];
    private TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestClock()
        : base(Epoch)
    {
    }

    /// <summary>Gets the due time of every delay the code started, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_lock)
            {
                return _delays.ToArray();
            }
        }
    }

    /// <summary>Gets the number of delays started that have neither come due nor been cancelled.</summary>
    public int PendingDelays
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Pending && t.IsDelay);
            }
        }
    }

    /// <summary>Gets how far the clock has moved since the test started.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Epoch;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Task.Delay passes its promise as the state; a token source that cancels after a delay passes itself; an event
        // scheduled with At passes its marker. Only delays make the driver move the clock.
        // A periodic timer (a heartbeat) is not a delay the code under test waits on.
        var entry = new Entry(this, isDelay: period == Timeout.InfiniteTimeSpan && state is not (CancellationTokenSource or ScheduledEvent));
        lock (_lock)
        {
            _timers.RemoveAll(t => !t.Pending);
            _timers.Add(entry);
        }

        entry.Inner = base.CreateTimer(s => { entry.Fire(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        entry.Change(dueTime, period);
        return entry;
    }

    /// <summary>Schedules <paramref name="action"/> at <paramref name="elapsed"/> after the epoch, like an outside event (a
    /// webhook arriving): it happens when the clock passes that time, but never makes the clock move by itself.</summary>
    public IDisposable At(TimeSpan elapsed, Action action) =>
        CreateTimer(_ => action(), new ScheduledEvent(), Epoch + elapsed - GetUtcNow(), Timeout.InfiniteTimeSpan);

    /// <summary>Runs <paramref name="task"/> to completion, moving the clock whenever the code waits on a delay.</summary>
    public async Task<T> Run<T>(Task<T> task)
    {
        await Drive(task);
        return await task;
    }

    /// <summary>Runs <paramref name="task"/> to completion, moving the clock whenever the code waits on a delay.</summary>
    public async Task Run(Task task)
    {
        await Drive(task);
        await task;
    }

    private async Task Drive(Task task)
    {
        var guard = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"The code under test did not finish within 30 s of real time (fake clock at +{Elapsed}).");
            }

            Task scheduled;
            lock (_lock)
            {
                scheduled = _scheduled.Task;

                // Under the lock that scheduling also takes, so a timer's recorded due time and the provider's own always
                // agree (timers created inline by the callbacks of this Advance re-enter the lock on this thread).
                if (_timers.Any(t => t.Pending && t.IsDelay))
                {
                    var next = _timers.Where(t => t.Pending).Min(t => t.DueAt!.Value);
                    var step = next - GetUtcNow();
                    Advance(step > TimeSpan.Zero ? step : TimeSpan.Zero);
                    continue;
                }
            }

            // Nothing to advance to yet: wait (on events, not on time) until the code starts a delay or finishes.
            await Task.WhenAny(task, scheduled, Task.Delay(TimeSpan.FromSeconds(1)));
        }
    }

    private void Scheduled(Entry entry, TimeSpan dueTime)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (entry.IsDelay)
            {
                _delays.Add(dueTime);
            }

            signal = _scheduled;
            _scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private sealed class ScheduledEvent
    {
    }

    private sealed class Entry(TestClock clock, bool isDelay) : ITimer
    {
        private readonly object _gate = new();
        private bool _disposed;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsDelay { get; } = isDelay;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Pending
        {
            get
            {
                lock (_gate)
                {
                    return !_disposed && DueAt is not null;
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Recording the due time and scheduling the provider's timer happen together, never with an advance between.
            lock (clock._lock)
            {
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return false;
                    }

                    _period = period;
                    DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                }

                var changed = Inner.Change(dueTime, period);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    clock.Scheduled(this, dueTime);
                }

                return changed;
            }
        }

        public void Fire()
        {
            lock (_gate)
            {
                DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : clock.GetUtcNow() + _period;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                DueAt = null;
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
