using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// DESIGN §11: the peak resident memory of a separate process that reads a large crawl page (minus that process's
/// baseline), for the SDK's reader and the hand-written one measured the same way, as a multiple of the payload. Each
/// reader runs in a child process of its own (this program with <c>memory --read sdk|hand-written --file PATH</c>): it
/// reads a small page first (the crawl fixture) (code loaded and compiled), collects garbage, takes its resident set as the baseline, resets
/// the kernel's high-water mark (<c>/proc/self/clear_refs</c>), reads the page streamed from the file (the payload is
/// never in memory before the reader takes it), and reports <c>VmHWM</c> from <c>/proc/self/status</c>.
/// </summary>
internal static class MemoryRun
{
    private static readonly string[] Readers = ["sdk", "hand-written"];

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = 50;
        var runs = 3;
        string? read = null;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mb": megabytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--read": read = args[++i]; break;
                case "--file": file = args[++i]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}; usage: memory [--mb 50] [--runs 3]"); return 2;
            }
        }

        if (read is not null)
        {
            return await ReadAsync(read, file ?? throw new ArgumentException("--read needs --file"));
        }

        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("memory reads /proc/self/status: Linux only");
            return 2;
        }

        var path = Path.Combine(Path.GetTempPath(), $"geonode-crawl-page-{megabytes}mb-{Environment.ProcessId}.json");
        try
        {
            Payloads.WriteCrawlPage(path, megabytes * 1_000_000L);
            var payload = new FileInfo(path).Length;
            Console.WriteLine($"payload: {Mb(payload)} MB, one result page of 50 crawled pages; {runs} runs per reader, alternating");
            var growth = Readers.ToDictionary(r => r, _ => new List<long>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var reader in Readers)
                {
                    var (baseline, peak) = RunChild(reader, path);
                    growth[reader].Add(peak - baseline);
                    Console.WriteLine($"  run {run + 1} {reader}: baseline {Mb(baseline)} MB, peak {Mb(peak)} MB, growth {Mb(peak - baseline)} MB = {(double)(peak - baseline) / payload:0.00}x payload");
                }
            }

            var sdk = Median(growth["sdk"]);
            var hand = Median(growth["hand-written"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory: {Mb(payload)} MB crawl page, peak minus baseline (median of {runs}): sdk {Mb(sdk)} MB = {(double)sdk / payload:0.00}x payload, hand-written {Mb(hand)} MB = {(double)hand / payload:0.00}x payload, sdk/hand-written {(double)sdk / hand:0.00}x"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (long Baseline, long Peak) RunChild(string reader, string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MemoryRun).Assembly.Location);
        }

        foreach (var arg in new[] { "memory", "--read", reader, "--file", path })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the reader process");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (child.ExitCode != 0 || fields.Length < 3 || fields[0] != "read")
        {
            throw new InvalidOperationException($"the {reader} reader failed (exit {child.ExitCode}): {output}");
        }

        return (long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The child: prints <c>read BASELINE PEAK PAGES</c> (bytes).</summary>
    private static async Task<int> ReadAsync(string reader, string path)
    {
        Func<HttpMessageHandler, Task<int>> read = reader switch
        {
            "sdk" => async handler =>
            {
                using var client = new ScraperClient(new ScraperClientOptions { ApiKey = "bench", BaseAddress = new Uri("https://api.test/") }, handler);
                return (await client.GetCrawlAsync("c1", 1, 50)).Results.Count;
            },
            "hand-written" => async handler =>
            {
                using var client = new HttpClient(handler) { BaseAddress = new Uri("https://api.test/") };
                return (await client.GetFromJsonAsync<CrawlJobPoco>("v1/crawl/c1?page=1&page_size=50", BenchmarkClients.ReflectionOptions))!.Results.Count;
            },
            _ => throw new ArgumentException($"unknown reader {reader}; expected sdk or hand-written"),
        };

        // Warm-up on a small page through the same reader: code loaded and compiled, JSON metadata built.
        await read(new StaticHandler(Payloads.Fixture("crawl-job-processing.json")));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = Status("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current resident set
        var pages = await read(new StaticHandler(path));
        var peak = Status("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {baseline} {peak} {pages}"));
        return 0;
    }

    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/self/status");
    }

    private static long Median(List<long> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
