using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// <c>ledger [--cycles N] [--sizes 1000,100000] [--seconds S]</c>: what a record costs a <see cref="FileJobLedger"/> that
/// holds 1,000 and 100,000 entries. For each size a ledger file is written into a temp folder directly, not through the
/// ledger: its header and one <c>entry</c> line per finished entry (finished within the retention, so that compaction keeps
/// them), made with the ledger's own line type and JSON context, exactly as a compaction writes them. Filling 100,000
/// entries through the ledger would take one fsync per record, minutes on a disk where an fsync takes milliseconds. A new
/// ledger on the file then reads it (its first operation, timed apart) and runs N cycles of claim + record the job id +
/// finish on new keys: 3 records, each on disk before its method returns. Figures are per record, a cycle's time / 3:
/// median, p99 and mean (the mean carries any compaction), and the process's CPU time per record, which disk latency does
/// not blur. A size stops early after S seconds (at least 5 cycles), for implementations that read the whole file per
/// operation.
/// </summary>
internal static class LedgerRun
{
    private const string Usage = "usage: ledger [--cycles N] [--sizes 1000,100000] [--seconds S]";
    private const int RecordsPerCycle = 3;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var cycles = 300;
        var seconds = 60.0;
        int[] sizes = [1_000, 100_000];
        for (var i = 0; i < args.Length; i++)
        {
            var ok = args[i] switch
            {
                "--cycles" => ++i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out cycles) && cycles > 0,
                "--seconds" => ++i < args.Length && double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0,
                "--sizes" => ++i < args.Length && TryParseSizes(args[i], out sizes),
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        var folder = Directory.CreateTempSubdirectory("geonode-ledger-bench-").FullName;
        try
        {
            var results = new List<Result>();
            foreach (var size in sizes)
            {
                results.Add(await MeasureAsync(Path.Combine(folder, $"ledger-{size}.jsonl"), size, cycles, TimeSpan.FromSeconds(seconds)));
            }

            Console.WriteLine($"  machine load average {LoadAverage()} ({Environment.ProcessorCount} cores)");
            Console.WriteLine(Invariant($"ledger: {string.Join(", ", results.Select(r => $"{r.Entries:N0} entries {r.Median:N0} µs per record"))} (median; p99 {string.Join(" / ", results.Select(r => r.P99.ToString("N0", CultureInfo.InvariantCulture)))} µs; CPU {string.Join(" / ", results.Select(r => r.Cpu.ToString("N0", CultureInfo.InvariantCulture)))} µs per record)"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Result> MeasureAsync(string path, int entries, int cycles, TimeSpan budget)
    {
        var fill = Stopwatch.StartNew();
        WriteEntries(path, entries);
        fill.Stop();
        var megabytes = new FileInfo(path).Length / 1048576.0;

        var ledger = new FileJobLedger(path);
        var first = Stopwatch.StartNew();
        if (await ledger.FindEntryAsync("entry-0") is null)
        {
            throw new InvalidOperationException("the ledger does not read the file the benchmark wrote");
        }

        first.Stop();
        await CycleAsync(ledger, "warm-up");   // code compiled before the clock starts

        var perRecord = new List<double>(cycles);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < cycles && (i < 5 || Stopwatch.GetElapsedTime(started) < budget); i++)
        {
            var cycle = Stopwatch.GetTimestamp();
            await CycleAsync(ledger, $"bench-{i}");
            perRecord.Add(Stopwatch.GetElapsedTime(cycle).TotalMicroseconds / RecordsPerCycle);
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / (perRecord.Count * RecordsPerCycle);
        perRecord.Sort();
        var result = new Result(entries, Percentile(perRecord, 0.5), Percentile(perRecord, 0.99), perRecord.Average(), cpu);
        Console.WriteLine(Invariant(
            $"  {entries:N0} entries ({megabytes:F1} MB, written in {fill.Elapsed.TotalSeconds:F1} s): first operation {first.Elapsed.TotalMilliseconds:N0} ms (reads the file); {perRecord.Count} cycles of claim + job id + finish: per record median {result.Median:N0} µs, p99 {result.P99:N0} µs, mean {result.Mean:N0} µs, CPU {cpu:N0} µs"));
        return result;
    }

    private static async Task CycleAsync(FileJobLedger ledger, string id)
    {
        var claim = await ledger.ClaimAsync(
            new JobLedgerEntry
            {
                EntryId = id,
                Kind = JobLedgerEntry.CrawlKind,
                RecordedAt = TimeProvider.System.GetUtcNow(),
                Url = $"https://{id}.example/",
                RequestJson = Request(id),
                Owner = "benchmark",
            },
            Lease);
        if (!claim.IsOwner)
        {
            throw new InvalidOperationException($"{id} was claimed before");
        }

        await ledger.RecordStartedAsync(id, $"job-{id}");
        await ledger.RecordFinishedAsync($"job-{id}", JobStatus.Completed);
    }

    /// <summary>Writes a ledger file of <paramref name="entries"/> finished crawl entries, as compaction writes one (a
    /// header without a generation, as files of earlier versions have, which the ledger reads too).</summary>
    private static void WriteEntries(string path, int entries)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteLine(stream, new JobLedgerLine { Format = JobLedgerLine.FormatName, Version = JobLedgerLine.CurrentVersion });
        for (var i = 0; i < entries; i++)
        {
            var id = $"entry-{i}";
            WriteLine(stream, new JobLedgerLine
            {
                Op = JobLedgerLine.Entry,
                EntryId = id,
                Kind = JobLedgerEntry.CrawlKind,
                At = now.AddHours(-1),
                Url = $"https://{id}.example/",
                Request = Request(id),
                JobId = $"job-{id}",
                State = nameof(JobLedgerState.Finished),
                Status = JobStatus.Completed.ToString(),
                FinishedAt = now.AddMinutes(-30),
            });
        }
    }

    private static void WriteLine(Stream stream, JobLedgerLine line)
    {
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(line, ScraperJsonContext.Default.JobLedgerLine));
        stream.WriteByte((byte)'\n');
    }

    private static string Request(string id) => $"{{\"url\":\"https://{id}.example/\",\"limit\":100,\"max_depth\":3,\"output_format\":\"markdown\"}}";

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static bool TryParseSizes(string value, out int[] sizes)
    {
        var parts = value.Split(',');
        sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                return false;
            }
        }

        return true;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Result(int Entries, double Median, double P99, double Mean, double Cpu);
}
