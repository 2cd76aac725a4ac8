using System.Diagnostics;
using System.Globalization;
using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// The soak: many jobs of every kind through one client against the in-process emulator, with a share of all requests
/// answered by a random fault (<see cref="EmulatorFaults.Random"/>). Every job must end completed or with a typed exception,
/// none may hang, and no logical start may create a second job on the server (a POST sent twice bills twice).
/// <c>dotnet run -c Release --project benchmarks/Geonode.Scraper.Benchmarks -- soak [--jobs 500] [--rate 0.05] [--seed 42]</c>.
/// Exit code 0 only when there are no duplicate POSTs, no hung jobs and no untyped exceptions.
/// </summary>
public static class SoakRun
{
    /// <summary>The bound past which a job counts as hung: several times what the slowest fault plus the wait's timeout take.</summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = Option(args, "--jobs", 500);
        var rate = Option(args, "--rate", 0.05);
        var seed = Option(args, "--seed", 42);
        var parallel = Option(args, "--parallel", 64);

        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            QueueTime = TimeSpan.FromMilliseconds(30),
            PageTime = TimeSpan.FromMilliseconds(10),
            Parallelism = 50,
        });
        var options = new ScraperClientOptions
        {
            ApiKey = emulator.ApiKey,
            BaseAddress = emulator.BaseAddress,

            // A trickling body (16 bytes every 50 ms) of a result page outlasts this and is retried, as a slow proxy would be.
            AttemptTimeout = TimeSpan.FromSeconds(5),
            Polling = new PollingOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                Timeout = TimeSpan.FromSeconds(60),
            },
        };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        using var client = new ScraperClient(options);

        emulator.Faults.Random(rate, seed);
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(parallel);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, jobs).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunJobAsync(client, i);
            }
            finally
            {
                gate.Release();
            }
        }));
        emulator.Faults.Clear();
        clock.Stop();

        // A logical start is recognised on the server by its own host; more than one job for it means a POST was sent twice.
        var created = emulator.CreatedJobs;
        var duplicates = Enumerable.Range(0, jobs).Count(i => created.Count(job => job.Urls.Any(url => url.Contains(Host(i), StringComparison.Ordinal))) > 1);
        var completed = outcomes.Count(o => o.Kind == OutcomeKind.Completed);
        var typed = outcomes.Count(o => o.Kind == OutcomeKind.TypedError);
        var hung = outcomes.Count(o => o.Kind == OutcomeKind.Hung);
        var untyped = outcomes.Where(o => o.Kind == OutcomeKind.Untyped).ToList();

        Console.WriteLine($"soak: {jobs} jobs, {completed} completed, {typed} typed errors, {duplicates} duplicate POSTs, {hung} hung");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {clock.Elapsed.TotalSeconds:0.0} s, {emulator.Requests.Count} requests ({emulator.Requests.Count(r => r.Fault is not null)} faulted, rate {rate}, seed {seed}), {created.Count} jobs created"));
        foreach (var group in outcomes.Where(o => o.Kind == OutcomeKind.TypedError).GroupBy(o => o.Detail).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Count(),4} × {group.Key}");
        }

        foreach (var outcome in untyped)
        {
            Console.WriteLine($"  untyped: {outcome.Detail}");
        }

        return duplicates == 0 && hung == 0 && untyped.Count == 0 ? 0 : 1;
    }

    private static string Host(int i) => $"soak-{i}.example.test";

    /// <summary>One logical job, of a kind chosen by its number, read to the end: an async extraction, a batch and its items,
    /// a crawl watched while it runs.</summary>
    private static async Task<Outcome> RunJobAsync(ScraperClient client, int i)
    {
        using var bound = new CancellationTokenSource(HungAfter);
        var url = $"https://{Host(i)}/";
        try
        {
            switch (i % 3)
            {
                case 0:
                    var page = await client.ExtractAsync(new ExtractRequest { Url = url, ProcessingMode = ProcessingMode.Async }, cancellationToken: bound.Token);
                    Check(page.Data.Markdown?.Contains(Host(i), StringComparison.Ordinal) == true, $"extraction {i} returned another page");
                    break;
                case 1:
                    string[] urls = [url + "a", url + "b", url + "c"];
                    var batch = await client.StartBatchAsync(new BatchRequest { Urls = urls }, bound.Token);
                    await client.WaitForBatchAsync(batch.JobId, cancellationToken: bound.Token);
                    var items = await ToListAsync(client.GetBatchItemsAsync(batch.JobId, bound.Token));
                    Check(items.Select(item => item.Url).Order().SequenceEqual(urls), $"batch {i} returned other items");
                    break;
                default:
                    var crawl = await client.StartCrawlAsync(new CrawlRequest { Url = url, Depth = 2, Limit = 8 }, bound.Token);
                    var pages = await ToListAsync(client.WatchCrawlPagesAsync(crawl.JobId, cancellationToken: bound.Token));
                    Check(pages.Count > 0 && pages.All(p => p.Url.Contains(Host(i), StringComparison.Ordinal)) && pages.Select(p => p.Url).Distinct().Count() == pages.Count,
                        $"crawl {i} returned pages of another crawl or a page twice");
                    break;
            }

            return new Outcome(OutcomeKind.Completed, null);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Hung, $"job {i} ran past {HungAfter.TotalSeconds} s");
        }
        catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException)
        {
            return new Outcome(OutcomeKind.TypedError, ex is ScraperApiException api ? $"{ex.GetType().Name} (HTTP {(int)api.StatusCode})" : ex.GetType().Name);
        }
        catch (Exception ex)
        {
            return new Outcome(OutcomeKind.Untyped, $"job {i}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new SoakCheckException(message);
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static T Option<T>(string[] args, string name, T fallback)
        where T : IParsable<T>
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? T.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private enum OutcomeKind
    {
        Completed,
        TypedError,
        Hung,
        Untyped,
    }

    private sealed record Outcome(OutcomeKind Kind, string? Detail);

    /// <summary>A job whose result belongs to another job: the worst outcome, never counted as a typed error.</summary>
    private sealed class SoakCheckException(string message) : Exception(message);
}
