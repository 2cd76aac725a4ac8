using System.Collections.Concurrent;
using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Jobs;

/// <summary>
/// The caller's token cancelled at every point of a call: while a request is sent, while its body trickles in, during a
/// retry's delay, between polls, between pages. Each time the call ends with <see cref="OperationCanceledException"/>,
/// nothing it started is still running (no request in flight, no delay pending) and no task fails unobserved. Listens to
/// the process-wide UnobservedTaskException event, so it runs alone.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CancellationTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan ByteInterval = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(11);

    public static TheoryData<string> Scenarios => ["watch batch items", "async extract", "list all crawl jobs"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task CallerCancels_AtEveryAwaitPoint_ThrowsOperationCanceledAndLeavesNothingRunning(string scenario)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += record;
        try
        {
            var whole = await RunAsync(scenario, cancelAt: null);
            whole.Error.Should().BeNull("the scenario completes when nobody cancels");
            whole.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(500));

            var runs = 0;
            for (var at = TimeSpan.Zero; at < whole.Elapsed; at += Step, runs++)
            {
                var run = await RunAsync(scenario, at);
                run.Error.Should().BeAssignableTo<OperationCanceledException>($"cancelled at +{at.TotalMilliseconds} ms");
                run.InFlight.Should().Be(0, $"no request outlives the call cancelled at +{at.TotalMilliseconds} ms");
                run.PendingDelays.Should().Be(0, $"no delay outlives the call cancelled at +{at.TotalMilliseconds} ms");
            }

            runs.Should().BeGreaterThan(50);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            unobserved.Should().BeEmpty();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }
    }

    private static async Task<Run> RunAsync(string scenario, TimeSpan? cancelAt)
    {
        var inFlight = 0;
        var calls = new ConcurrentDictionary<string, int>();
        TestClock clock = null!;
        var handler = new LambdaHandler(async (request, ct) =>
        {
            Interlocked.Increment(ref inFlight);
            try
            {
                await Task.Delay(Latency, clock, ct);
                var key = request.Method + " " + request.RequestUri!.PathAndQuery;
                var n = calls.AddOrUpdate(key, 1, (_, c) => c + 1);
                var (status, body) = Answer(key, n);
                return new HttpResponseMessage(status) { Content = new TricklingContent(clock, body, ByteInterval) };
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        using var t = new TestClient(
            o =>
            {
                o.Polling.InitialDelay = TimeSpan.FromMilliseconds(200);
                o.Polling.Timeout = TimeSpan.FromMinutes(1);
            },
            handler);
        clock = t.Time;
        using var cts = cancelAt is { } at ? new CancellationTokenSource(at, t.Time) : new CancellationTokenSource();

        Exception? error = null;
        try
        {
            await t.Run(scenario switch
            {
                "watch batch items" => TestClient.ToListAsync(t.Client.WatchBatchItemsAsync("b1", cancellationToken: cts.Token)),
                "async extract" => t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/", ProcessingMode = ProcessingMode.Async }, cancellationToken: cts.Token),
                _ => TestClient.ToListAsync(t.Client.ListAllCrawlJobsAsync(cancellationToken: cts.Token)),
            });
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return new Run(error, t.Time.Elapsed, Volatile.Read(ref inFlight), t.Time.PendingDelays);
    }

    /// <summary>The server: a batch that fails one poll and settles over three, an extraction that completes on its second
    /// poll, a job list of two pages.</summary>
    private static (HttpStatusCode Status, string Body) Answer(string request, int n)
    {
        string Batch(string status, int done) => TestClient.Job("b1", status, $$""", "total_urls": 2, "completed_urls": {{done}}""");
        string Items() => TestClient.Job("b1", "completed", """, "total_urls": 2, "completed_urls": 2, "results": [{"input_index": 0, "url": "https://a.test/0", "status": "completed"}, {"input_index": 1, "url": "https://a.test/1", "status": "completed"}]""");
        string Jobs(int page, params string[] ids) => $$"""{"jobs": [{{string.Join(",", ids.Select(id => TestClient.Job(id, "completed")))}}], "page": {{page}}, "page_size": 10, "page_count": 2}""";

        return request switch
        {
            "GET /v1/batch/b1?page=1&page_size=1" => n switch
            {
                1 => (HttpStatusCode.OK, Batch("processing", 1)),
                2 => (HttpStatusCode.ServiceUnavailable, """{"code":"UNAVAILABLE"}"""),
                _ => (HttpStatusCode.OK, Batch("completed", 2)),
            },
            "GET /v1/batch/b1?page=1&page_size=50" => (HttpStatusCode.OK, Items()),
            "POST /v1/extract" => (HttpStatusCode.Accepted, """{"job_id":"j1","status":"queued"}"""),
            "GET /v1/extract/j1" => n == 1
                ? (HttpStatusCode.OK, TestClient.Job("j1", "processing"))
                : (HttpStatusCode.OK, TestClient.Job("j1", "completed", """, "data": {"markdown": "# done"}""")),
            "GET /v1/crawl/jobs?page=1&page_size=10" => n == 1 ? (HttpStatusCode.BadGateway, "{}") : (HttpStatusCode.OK, Jobs(1, "c1", "c2")),
            "GET /v1/crawl/jobs?page=2&page_size=10" => (HttpStatusCode.OK, Jobs(2, "c3")),
            _ => (HttpStatusCode.NotFound, "{}"),
        };
    }

    private sealed record Run(Exception? Error, TimeSpan Elapsed, int InFlight, int PendingDelays);
}
