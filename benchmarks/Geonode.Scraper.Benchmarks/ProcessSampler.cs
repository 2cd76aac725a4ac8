using System.Diagnostics;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// Samples the process every 50 ms on a thread of its own (so a starved thread pool cannot stop it): working set (managed
/// and native), managed heap, established connections to a port (<see cref="TcpConnections"/>), the thread pool's queue
/// and threads, how long a probe work item queued to the pool waits before it runs, and how late this thread itself wakes
/// up. The last two side by side tell a machine short of CPU (both late) from a pool that adds a wait of its own.
/// </summary>
internal sealed class ProcessSampler : IDisposable
{
    /// <summary>Where <see cref="WorstDispatchSettled"/> starts.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly int _port;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly object _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _probeQueuedAt;

    public ProcessSampler(int port)
    {
        _port = port;
        _thread = new Thread(Sample) { IsBackground = true, Name = "scale sampler" };
        _thread.Start();
    }

    public long PeakWorkingSet { get; private set; }

    public long PeakManagedHeap { get; private set; }

    public int PeakConnections { get; private set; }

    public long PeakPendingWorkItems { get; private set; }

    public int PeakThreads { get; private set; }

    /// <summary>Gets the longest a probe work item waited in the thread pool's queue.</summary>
    public TimeSpan WorstDispatch { get; private set; }

    /// <summary>Gets when (since the sampler started) the worst wait of a probe was seen.</summary>
    public TimeSpan WorstDispatchAt { get; private set; }

    /// <summary>Gets the longest wait of a probe queued <see cref="Settled"/> or more after the sampler started: the pool
    /// once the burst of first polls has been served.</summary>
    public TimeSpan WorstDispatchSettled { get; private set; }

    /// <summary>Gets the most this sampler's own thread woke up late: how starved of CPU the whole process was, next to
    /// which <see cref="WorstDispatch"/> tells whether the thread pool added a wait of its own.</summary>
    public TimeSpan WorstTickLateness { get; private set; }

    public int Samples { get; private set; }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        do
        {
            PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
            PeakManagedHeap = Math.Max(PeakManagedHeap, GC.GetTotalMemory(forceFullCollection: false));
            if (TcpConnections.Supported)
            {
                PeakConnections = Math.Max(PeakConnections, TcpConnections.CountEstablished(_port));
            }

            PeakPendingWorkItems = Math.Max(PeakPendingWorkItems, ThreadPool.PendingWorkItemCount);
            PeakThreads = Math.Max(PeakThreads, ThreadPool.ThreadCount);
            Probe();
            Samples++;
        }
        while (!Sleep());

        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
    }

    /// <summary>Sleeps one interval (or until stopped) and records how late the thread woke up.</summary>
    private bool Sleep()
    {
        var before = Stopwatch.GetTimestamp();
        if (_stop.Wait(Interval))
        {
            return true;
        }

        var late = Stopwatch.GetElapsedTime(before) - Interval;
        WorstTickLateness = late > WorstTickLateness ? late : WorstTickLateness;
        return false;
    }

    /// <summary>Queues a probe when none is waiting; a probe still waiting counts with its age so far.</summary>
    private void Probe()
    {
        var queuedAt = Interlocked.Read(ref _probeQueuedAt);
        if (queuedAt != 0)
        {
            Record(queuedAt, Stopwatch.GetElapsedTime(queuedAt));
            return;
        }

        queuedAt = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _probeQueuedAt, queuedAt);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (sampler, queuedAt) = state;
                Interlocked.Exchange(ref sampler._probeQueuedAt, 0);
                sampler.Record(queuedAt, Stopwatch.GetElapsedTime(queuedAt));
            },
            (this, queuedAt),
            preferLocal: false);
    }

    private void Record(long queuedAt, TimeSpan waited)
    {
        lock (_gate)
        {
            if (waited > WorstDispatch)
            {
                WorstDispatch = waited;
                WorstDispatchAt = Stopwatch.GetElapsedTime(_started);
            }

            if (Stopwatch.GetElapsedTime(_started, queuedAt) >= Settled && waited > WorstDispatchSettled)
            {
                WorstDispatchSettled = waited;
            }
        }
    }
}
