namespace Geonode.Scraper.Conformance;

/// <summary>
/// The contract of <see cref="IJobConcurrencyLimiter"/>: derive a test class, return your limiter from
/// <see cref="CreateLimiter"/> and a second one sharing its slots (another process's) from
/// <see cref="CreateLimiterOnSameStore"/>. <see cref="InProcessJobConcurrencyLimiter"/> is the reference. (A holder that
/// dies without releasing is a matter of leases, which only a shared implementation has: test it on its own.)
/// </summary>
public abstract class JobConcurrencyLimiterConformanceTests : IAsyncLifetime
{
    /// <summary>How long a test waits to see that an acquisition does <em>not</em> complete.</summary>
    protected static readonly TimeSpan StillWaiting = TimeSpan.FromMilliseconds(300);

    private readonly ConformanceInstances _instances = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private IJobConcurrencyLimiter? _first;
    private IJobConcurrencyLimiter? _second;

    /// <summary>Gets the limiter of "this process".</summary>
    protected IJobConcurrencyLimiter Limiter => _first ??= _instances.Track(CreateLimiter());

    /// <summary>Gets the limiter of "another process", sharing the slots.</summary>
    protected IJobConcurrencyLimiter OtherLimiter => _second ??= _instances.Track(CreateLimiterOnSameStore());

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync() => await _instances.DisposeAsync();

    [ConformanceFact]
    public async Task AcquireAsync_ManyUsersOnTwoProcesses_NeverHoldMoreThanTheLimit()
    {
        const int limit = 3;
        var name = PoolName();
        var holding = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await using (await (i % 2 == 0 ? Limiter : OtherLimiter).AcquireAsync(name, limit))
            {
                var now = Interlocked.Increment(ref holding);
                InterlockedMax(ref most, now);
                await Task.Delay(20);
                Interlocked.Decrement(ref holding);
            }
        })));

        most.Should().Be(limit, "the slots were all used, and never one more");
    }

    [ConformanceFact]
    public async Task AcquireAsync_WhenFull_WaitsUntilASlotIsReleased()
    {
        var name = PoolName();
        var held = await Limiter.AcquireAsync(name, 1);

        var waiting = OtherLimiter.AcquireAsync(name, 1).AsTask();
        await Task.Delay(StillWaiting);
        waiting.IsCompleted.Should().BeFalse("the only slot is held");

        await held.DisposeAsync();
        (await Task.WhenAny(waiting, Task.Delay(Eventually.Bound))).Should().BeSameAs(waiting, "the released slot goes to the waiter");
        await (await waiting).DisposeAsync();
    }

    [ConformanceFact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndHoldsNothing()
    {
        var name = PoolName();
        var held = await Limiter.AcquireAsync(name, 1);
        using var cancel = new CancellationTokenSource(StillWaiting);

        await OtherLimiter.Invoking(l => l.AcquireAsync(name, 1, cancel.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>();

        await held.DisposeAsync();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await (await OtherLimiter.AcquireAsync(name, 1, bound.Token)).DisposeAsync();
        await (await Limiter.AcquireAsync(name, 1, bound.Token)).DisposeAsync();
    }

    [ConformanceFact]
    public async Task AcquireAsync_DifferentNames_HaveSeparateSlots()
    {
        var first = PoolName();
        var second = PoolName();
        using var bound = new CancellationTokenSource(Eventually.Bound);

        await using var a = await Limiter.AcquireAsync(first, 1, bound.Token);
        await using var b = await OtherLimiter.AcquireAsync(second, 1, bound.Token);
    }

    [ConformanceFact]
    public async Task AcquireAsync_CallersWithDifferentLimits_EachRespectTheirOwn()
    {
        var name = PoolName();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await using var a = await Limiter.AcquireAsync(name, 5, bound.Token);
        await using var b = await OtherLimiter.AcquireAsync(name, 5, bound.Token);
        await using var c = await Limiter.AcquireAsync(name, 5, bound.Token);
        using var cancel = new CancellationTokenSource(StillWaiting);

        await OtherLimiter.Invoking(l => l.AcquireAsync(name, 2, cancel.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>("3 are held, and this caller allows 2");
    }

    [ConformanceFact]
    public async Task Slot_DisposedTwice_FreesOneSlot()
    {
        var name = PoolName();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        var first = await Limiter.AcquireAsync(name, 2, bound.Token);
        await using var second = await Limiter.AcquireAsync(name, 2, bound.Token);

        await first.DisposeAsync();
        await first.DisposeAsync();
        await using var third = await OtherLimiter.AcquireAsync(name, 2, bound.Token);
        using var cancel = new CancellationTokenSource(StillWaiting);

        await OtherLimiter.Invoking(l => l.AcquireAsync(name, 2, cancel.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>("the second dispose freed nothing more");
    }

    [ConformanceFact]
    public async Task AcquireAsync_InvalidArguments_Throw()
    {
        await Limiter.Invoking(l => l.AcquireAsync(PoolName(), 0).AsTask()).Should().ThrowAsync<ArgumentException>();
        await Limiter.Invoking(l => l.AcquireAsync(" ", 1).AsTask()).Should().ThrowAsync<ArgumentException>();
    }

    /// <summary>Creates a limiter (its store may be shared by every test: the tests use pool names of their own).</summary>
    /// <returns>The limiter; disposed after the test when it is disposable.</returns>
    protected abstract IJobConcurrencyLimiter CreateLimiter();

    /// <summary>Creates a second limiter sharing the slots of the one <see cref="CreateLimiter"/> made, as another process
    /// would (the same instance only when the limiter works within one process).</summary>
    /// <returns>The limiter; disposed after the test when it is disposable.</returns>
    protected abstract IJobConcurrencyLimiter CreateLimiterOnSameStore();

    /// <summary>A new pool name, unique to this test.</summary>
    protected string PoolName() => $"conformance-{_run}-{Guid.NewGuid():N}";

    private static void InterlockedMax(ref int location, int value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
