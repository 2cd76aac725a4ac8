using System.Diagnostics;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// Samples the process every 50 ms on a thread of its own (so a starved thread pool cannot stop it): working set (managed
/// and native), managed heap, established connections to a port (<see cref="TcpConnections"/>), the thread pool's queue and threads, and
/// how long a work item queued to the pool waits before it runs. That last one is the direct sign of thread-pool starvation:
/// with a healthy pool a probe runs within milliseconds.
/// </summary>
internal sealed class ProcessSampler : IDisposable
{
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
        while (!_stop.Wait(Interval));

        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
    }

    /// <summary>Queues a probe when none is waiting; a probe still waiting counts with its age so far.</summary>
    private void Probe()
    {
        var queuedAt = Interlocked.Read(ref _probeQueuedAt);
        if (queuedAt != 0)
        {
            Record(Stopwatch.GetElapsedTime(queuedAt));
            return;
        }

        Interlocked.Exchange(ref _probeQueuedAt, Stopwatch.GetTimestamp());
        ThreadPool.UnsafeQueueUserWorkItem(
            static sampler =>
            {
                sampler.Record(Stopwatch.GetElapsedTime(Interlocked.Exchange(ref sampler._probeQueuedAt, 0)));
            },
            this,
            preferLocal: false);
    }

    private void Record(TimeSpan waited)
    {
        lock (_gate)
        {
            if (waited > WorstDispatch)
            {
                WorstDispatch = waited;
                WorstDispatchAt = Stopwatch.GetElapsedTime(_started);
            }
        }
    }
}
