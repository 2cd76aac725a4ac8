using Geonode.Scraper.Emulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.AI.Tests;

/// <summary>
/// Issue 15, item 6 (AI tools): the tools' repeat memory shares one start between identical concurrent calls, but a caller's
/// cancellation cancels only its own call. The start (<c>POST /v1/batch</c>) is held in flight by a delay on the emulator's
/// fake clock, so the cancellation surely lands while the start runs, however slow the machine: the test cancels only once
/// the emulator holds the POST (its delay's timer is on that clock), and moves the clock itself.
/// </summary>
public sealed class RecentCallsTests : IAsyncLifetime
{
    private static readonly TimeSpan Hold = TimeSpan.FromDays(1);
    private readonly HoldingClock _clock = new();
    private ScraperEmulator _emulator = null!;
    private ScraperClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { TimeProvider = _clock });
        _client = new ScraperClient(new ScraperClientOptions
        {
            ApiKey = _emulator.ApiKey,
            BaseAddress = _emulator.BaseAddress,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(250) },
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ScrapeUrls_TwoIdenticalCallsOneCancelledDuringTheSharedStart_TheOtherGetsTheNormalResult_FromOnePost()
    {
        var tool = ScraperAIFunctions.Create(_client).Single(t => t.Name == "scrape_urls");
        _emulator.Faults.DelayNext("POST /v1/batch", Hold);
        using var cancel = new CancellationTokenSource();

        var cancelled = tool.InvokeAsync(Arguments(), cancel.Token).AsTask();
        var kept = tool.InvokeAsync(Arguments()).AsTask();
        await _clock.PostHeld.WaitAsync(TimeSpan.FromSeconds(60));
        (cancelled.IsCompleted || kept.IsCompleted).Should().BeFalse("the start is held on the emulator until its clock moves");
        await cancel.CancelAsync();

        await cancelled.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        _clock.Advance(Hold);
        var result = (string?)await AdvanceUntil(kept);

        var job = _emulator.CreatedJobs.Should().ContainSingle().Subject;
        result.Should().StartWith($"Batch job {job.Id}: completed. 2 URLs read, 0 failed, of 2", "the other caller gets the tool's normal answer, not its caller's cancellation as error text");
        _emulator.CountRequests("POST", "/v1/batch").Should().Be(1, "identical concurrent calls share one start");
    }

    [Fact]
    public async Task ScrapeUrls_BothIdenticalCallsCancelledDuringTheSharedStart_TheStartIsCancelled_AndALaterIdenticalCallStartsAgain()
    {
        var tool = ScraperAIFunctions.Create(_client).Single(t => t.Name == "scrape_urls");
        _emulator.Faults.DelayNext("POST /v1/batch", Hold);   // never ends within the test
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var calls = new[] { tool.InvokeAsync(Arguments(), first.Token).AsTask(), tool.InvokeAsync(Arguments(), second.Token).AsTask() };
        await _clock.PostHeld.WaitAsync(TimeSpan.FromSeconds(60));
        await first.CancelAsync();
        await second.CancelAsync();
        foreach (var call in calls)
        {
            await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();
        }

        // Had the abandoned start been kept, this call would join it and wait for a POST that answers in a day.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var later = (string?)await AdvanceUntil(tool.InvokeAsync(Arguments(), bounded.Token).AsTask());

        var job = _emulator.CreatedJobs.Should().ContainSingle("the abandoned start created nothing").Subject;
        later.Should().StartWith($"Batch job {job.Id}: completed");
    }

    private static AIFunctionArguments Arguments() => new() { ["urls"] = new[] { "https://docs.example.test/a", "https://docs.example.test/b" } };

    /// <summary>Moves the emulator's clock a second at a time until <paramref name="call"/> ends (at most ten minutes of
    /// emulated time: the day-long hold of the second test never elapses).</summary>
    private async Task<object?> AdvanceUntil(Task<object?> call)
    {
        for (var i = 0; i < 600 && !call.IsCompleted; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(20));
        }

        return await call;
    }

    /// <summary>The emulator's clock; <see cref="PostHeld"/> completes once the emulator holds a request for <see cref="Hold"/>
    /// (the delay of <c>Faults.DelayNext</c> is a timer on this clock): the POST has reached it.</summary>
    private sealed class HoldingClock : FakeTimeProvider
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task PostHeld => _held.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Hold)
            {
                _held.TrySetResult();
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
