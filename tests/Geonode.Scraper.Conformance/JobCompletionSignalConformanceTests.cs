namespace Geonode.Scraper.Conformance;

/// <summary>
/// The contract of <see cref="IJobCompletionSignal"/>: derive a test class, return your signal from <see cref="CreateSignal"/>
/// and a second one on the same transport (another process's) from <see cref="CreateSignalOnSameStore"/>. A notification
/// may arrive asynchronously: each test waits for it up to <see cref="Eventually.Bound"/>. To show that something did
/// <em>not</em> arrive, a test sends a second, expected notification after it and checks once that one has arrived, so the
/// transport must deliver one sender's notifications in order. <see cref="InProcessJobCompletionSignal"/> is the reference.
/// </summary>
public abstract class JobCompletionSignalConformanceTests : IAsyncLifetime
{
    private readonly ConformanceInstances _instances = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private IJobCompletionSignal? _first;
    private IJobCompletionSignal? _second;

    /// <summary>Gets the signal of "this process".</summary>
    protected IJobCompletionSignal Signal => _first ??= _instances.Track(CreateSignal());

    /// <summary>Gets the signal of "another process", on the same transport.</summary>
    protected IJobCompletionSignal OtherSignal => _second ??= _instances.Track(CreateSignalOnSameStore());

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync() => await _instances.DisposeAsync();

    [ConformanceFact]
    public async Task IsListening_BecomesTrue()
    {
        using var subscription = Signal.Subscribe(JobId(), () => { });

        (await Eventually.TrueAsync(() => Signal.IsListening)).Should().BeTrue();
    }

    [ConformanceFact]
    public async Task NotifyAsync_WakesTheSubscriberOfTheJob()
    {
        await WaitUntilListeningAsync(Signal);
        var jobId = JobId();
        var woken = 0;
        using var subscription = Signal.Subscribe(jobId, () => Interlocked.Increment(ref woken));

        await Signal.NotifyAsync(jobId);

        (await Eventually.TrueAsync(() => Volatile.Read(ref woken) >= 1)).Should().BeTrue();
    }

    [ConformanceFact]
    public async Task NotifyAsync_OnOneProcess_WakesTheSubscribersOfTheOther()
    {
        await WaitUntilListeningAsync(OtherSignal);
        var jobId = JobId();
        var woken = 0;
        using var subscription = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref woken));

        await Signal.NotifyAsync(jobId);

        (await Eventually.TrueAsync(() => Volatile.Read(ref woken) >= 1)).Should().BeTrue("a webhook delivered to one replica wakes the waits of another");
    }

    [ConformanceFact]
    public async Task NotifyAsync_WakesEverySubscriberOfTheJobInEveryProcess()
    {
        await WaitUntilListeningAsync(Signal);
        await WaitUntilListeningAsync(OtherSignal);
        var jobId = JobId();
        var woken = new int[4];
        using var a = Signal.Subscribe(jobId, () => Interlocked.Increment(ref woken[0]));
        using var b = Signal.Subscribe(jobId, () => Interlocked.Increment(ref woken[1]));
        using var c = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref woken[2]));
        using var d = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref woken[3]));

        await OtherSignal.NotifyAsync(jobId);

        (await Eventually.TrueAsync(() => woken.All(w => Volatile.Read(ref w) >= 1))).Should().BeTrue(string.Join(", ", woken));
    }

    [ConformanceFact]
    public async Task NotifyAsync_OfAnotherJob_WakesNothing()
    {
        await WaitUntilListeningAsync(OtherSignal);
        var jobId = JobId();
        var marker = JobId();
        var woken = 0;
        var markerWoken = 0;
        using var subscription = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref woken));
        using var markerSubscription = OtherSignal.Subscribe(marker, () => Interlocked.Increment(ref markerWoken));

        await Signal.NotifyAsync(JobId());
        await Signal.NotifyAsync(marker);

        (await Eventually.TrueAsync(() => Volatile.Read(ref markerWoken) >= 1)).Should().BeTrue();
        Volatile.Read(ref woken).Should().Be(0, "the notification before the marker was for another job");
    }

    [ConformanceFact]
    public async Task Subscription_Disposed_IsNoLongerWoken()
    {
        await WaitUntilListeningAsync(OtherSignal);
        var jobId = JobId();
        var marker = JobId();
        var woken = 0;
        var markerWoken = 0;
        var subscription = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref woken));
        using var markerSubscription = OtherSignal.Subscribe(marker, () => Interlocked.Increment(ref markerWoken));

        subscription.Dispose();
        subscription.Dispose();
        await Signal.NotifyAsync(jobId);
        await Signal.NotifyAsync(marker);

        (await Eventually.TrueAsync(() => Volatile.Read(ref markerWoken) >= 1)).Should().BeTrue();
        Volatile.Read(ref woken).Should().Be(0);
    }

    [ConformanceFact]
    public async Task Subscription_DisposingOne_KeepsTheOthersOfTheJob()
    {
        await WaitUntilListeningAsync(OtherSignal);
        var jobId = JobId();
        var kept = 0;
        var dropped = 0;
        void Drop() => Interlocked.Increment(ref dropped);
        using var keep = OtherSignal.Subscribe(jobId, () => Interlocked.Increment(ref kept));
        OtherSignal.Subscribe(jobId, Drop).Dispose();

        await Signal.NotifyAsync(jobId);

        (await Eventually.TrueAsync(() => Volatile.Read(ref kept) >= 1)).Should().BeTrue();
        Volatile.Read(ref dropped).Should().Be(0);
    }

    [ConformanceFact]
    public async Task NotifyAsync_ManyJobs_WakesEachSubscriberForItsOwnJob()
    {
        await WaitUntilListeningAsync(OtherSignal);
        var jobs = Enumerable.Range(0, 50).Select(_ => JobId()).ToArray();
        var woken = new int[jobs.Length];
        var subscriptions = jobs.Select((job, i) => OtherSignal.Subscribe(job, () => Interlocked.Increment(ref woken[i]))).ToList();

        await Task.WhenAll(jobs.Select(job => Signal.NotifyAsync(job)));

        (await Eventually.TrueAsync(() => woken.All(w => Volatile.Read(ref w) >= 1))).Should().BeTrue();
        subscriptions.ForEach(s => s.Dispose());
    }

    [ConformanceFact]
    public async Task NotifyAsync_WithoutSubscribers_Completes()
    {
        await Signal.Invoking(s => s.NotifyAsync(JobId())).Should().NotThrowAsync();
    }

    [ConformanceFact]
    public void Subscribe_InvalidArguments_Throw()
    {
        Signal.Invoking(s => s.Subscribe(JobId(), null!)).Should().Throw<ArgumentNullException>();
        Signal.Invoking(s => s.Subscribe(" ", () => { })).Should().Throw<ArgumentException>();
    }

    /// <summary>Creates a signal (its transport may be shared by every test: the tests use job ids of their own).</summary>
    /// <returns>The signal; disposed after the test when it is disposable.</returns>
    protected abstract IJobCompletionSignal CreateSignal();

    /// <summary>Creates a second signal on the transport of the one <see cref="CreateSignal"/> made, as another process
    /// would (the same instance only when the signal works within one process, like
    /// <see cref="InProcessJobCompletionSignal"/>).</summary>
    /// <returns>The signal; disposed after the test when it is disposable.</returns>
    protected abstract IJobCompletionSignal CreateSignalOnSameStore();

    /// <summary>Makes a signal listen, before a test subscribes: by default, subscribes to a job of its own until the end of
    /// the test (a signal may start listening with its first subscription) and waits for
    /// <see cref="IJobCompletionSignal.IsListening"/>. Override it when your signal has an explicit start. A signal may wake
    /// every subscriber when it starts (or restarts) listening; the tests subscribe after this, so only that job's
    /// subscriber sees it.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>A task that completes when it listens.</returns>
    protected virtual async Task WaitUntilListeningAsync(IJobCompletionSignal signal)
    {
        _instances.Track(signal.Subscribe(JobId(), () => { }));
        (await Eventually.TrueAsync(() => signal.IsListening)).Should().BeTrue("the signal listens soon after its first subscription");
    }

    /// <summary>A new job id, unique to this test.</summary>
    protected string JobId() => $"conformance-job-{_run}-{Guid.NewGuid():N}";
}
