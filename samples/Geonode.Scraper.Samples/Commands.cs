using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Geonode.Scraper.Samples;

/// <summary>
/// The sample's commands. Results go to stdout (or files), progress and errors to stderr. Arguments are checked while
/// parsing, so a bad one is reported before any emulator starts or any job is billed.
/// </summary>
internal static partial class Commands
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show stack traces on errors", Recursive = true };

    public static Command Extract()
    {
        var url = UrlArgument("url", "The page to extract");
        var html = new Option<bool>("--html") { Description = "Return HTML instead of Markdown" };
        var renderJs = new Option<bool>("--render-js") { Description = "Render the page in a headless browser first" };
        var async = new Option<bool>("--async") { Description = "Use an asynchronous job instead of a synchronous request" };
        var command = new Command("extract", "Extract one page and print it") { url, html, renderJs, async };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var result = await session.Client.ExtractAsync(
                new ExtractRequest
                {
                    Url = parse.GetRequiredValue(url),
                    Formats = [parse.GetValue(html) ? OutputFormat.Html : OutputFormat.Markdown],
                    RenderJs = parse.GetValue(renderJs),
                    ProcessingMode = parse.GetValue(async) ? ProcessingMode.Async : ProcessingMode.Sync,
                },
                session.Polling,
                token);
            Console.WriteLine(parse.GetValue(html) ? result.Data.Html : result.Data.Markdown);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Batch()
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "A file with one URL per line (default: standard input)" }.AcceptExistingOnly();
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Write one Markdown file per URL, and failures.tsv, into this folder (created if missing)" };
        var command = new Command("batch", "Extract up to 1,000 URLs as one batch job") { file, output };
        command.SetAction(async (parse, ct) =>
        {
            string[] urls;
            try
            {
                urls = await ReadUrlsAsync(parse.GetValue(file), ct);
            }
            catch (IOException ex)
            {
                return UsageError(command, ex.Message);
            }

            if (urls.Length is 0 or > 1000)
            {
                return UsageError(command, urls.Length == 0 ? "no URLs: pass --file or pipe one URL per line" : $"{urls.Length:N0} URLs: a batch takes at most 1,000");
            }

            var outDir = parse.GetValue(output)?.FullName;
            return await RunAsync(parse, ct, async (session, token) =>
            {
                CreateFolder(outDir);   // before the batch is started (and billed), not after
                session.Track("batch", null, outDir);
                var accepted = await session.Client.StartBatchAsync(new BatchRequest { Urls = urls, IgnoreInvalidUrls = true }, token);
                await Console.Error.WriteLineAsync($"batch {accepted.JobId}: {accepted.AcceptedUrls} URLs accepted");
                return await WatchBatchAsync(session, accepted.JobId, outDir, accepted.InvalidUrls, token);
            });
        });
        return command;
    }

    /// <summary>The job ledger <c>crawl --out DIR</c> keeps in DIR, so that running the same command again resumes its crawl.</summary>
    public const string LedgerFileName = ".geonode-jobs.jsonl";

    public static Command Crawl()
    {
        var url = UrlArgument("url", "The seed URL");
        var depth = WholeNumber("--depth", "-d", "How deep to follow links (1 = the seed page only, at most 10)", 1, 10, defaultValue: 2);
        var limit = WholeNumber("--limit", "-l", "The most pages to extract (at most 10,000)", 1, 10_000);
        var subdomains = new Option<bool>("--include-subdomains") { Description = "Follow links to subdomains too" };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "The folder to write one Markdown file per page, and failures.tsv, into. Running the same command again resumes the crawl it started (recorded in the folder) and writes only the missing pages",
            DefaultValueFactory = _ => new DirectoryInfo("pages"),
        };
        var command = new Command("crawl", "Crawl a site and write one Markdown file per page") { url, depth, limit, subdomains, output };
        command.SetAction((parse, ct) =>
        {
            var outDir = parse.GetRequiredValue(output).FullName;
            var ledger = new FileJobLedger(Path.Combine(outDir, LedgerFileName));
            return RunAsync(parse, ct, async (session, token) =>
            {
                CreateFolder(outDir);
                var request = new CrawlRequest
                {
                    Url = parse.GetRequiredValue(url),
                    Depth = parse.GetValue(depth),
                    Limit = parse.GetValue(limit),
                    IncludeSubdomains = parse.GetValue(subdomains) ? true : null,
                };
                session.Track("crawl", null, outDir);
                var (jobId, resumed) = await StartOrResumeCrawlAsync(session, ledger, request, token);

                // A new crawl replaces the pages an earlier one exported into the folder; a resumed one adds what is missing.
                return await ExportCrawlAsync(session, jobId, outDir, token, overwrite: !resumed);
            }, ledger);
        });
        return command;
    }

    public static Command Map()
    {
        var url = UrlArgument("url", "The site's base URL");
        var search = new Option<string?>("--search", "-s") { Description = "Only URLs containing this text" };
        var command = new Command("map", "List a site's URLs from its sitemaps and links") { url, search };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var map = await session.Client.MapAsync(new MapRequest { Url = parse.GetRequiredValue(url), Search = parse.GetValue(search) }, token);
            foreach (var link in map.Links)
            {
                Console.WriteLine($"{link.Url}\t{link.Source}");
            }

            if (map.Warning is not null)
            {
                await Console.Error.WriteLineAsync($"warning: {map.Warning}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Search()
    {
        var query = new Argument<string>("query") { Description = "What to search for" };
        var page = WholeNumber("--page", "-p", "Result page, 1 to 20", 1, 20, defaultValue: 1);
        var command = new Command("search", "Run a web search") { query, page };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var response = await session.Client.SearchAsync(new SearchRequest { Query = parse.GetRequiredValue(query), Page = parse.GetValue(page) }, token);
            foreach (var hit in response.Results)
            {
                Console.WriteLine($"{hit.Position,2}. {hit.Title}\n    {hit.Url}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Usage()
    {
        var command = new Command("usage", "Show concurrency, the last 30 days' statistics and service health");
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var usage = await session.Client.GetUsageAsync(token);
            var stats = await session.Client.GetStatisticsAsync(cancellationToken: token);
            var health = await session.Client.CheckHealthAsync(token);
            Console.WriteLine($"concurrency: {usage.ConcurrencyInUse?.ToString() ?? "?"} of {usage.ConcurrencyLimit?.ToString() ?? "?"}");
            Console.WriteLine($"extractions (30 days): {stats.ExtractionCount}, success rate {stats.SuccessRate:P1}, {stats.PeriodTokensUsed} requests used");
            Console.WriteLine($"service: {(health.IsHealthy ? "healthy" : "unhealthy")} (HTTP {(int)health.StatusCode})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Resume()
    {
        var kind = JobKindArgument();
        var jobId = new Argument<string>("job-id") { Description = "The job's id, as a cancelled run printed it" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "The folder to write into, as for batch and crawl (crawl: default pages)" };
        var command = new Command("resume", "Follow a batch or crawl started earlier to its end and write its results") { kind, jobId, output };
        command.SetAction((parse, ct) => RunAsync(parse, ct, (session, token) =>
        {
            var outDir = parse.GetValue(output)?.FullName;
            return parse.GetRequiredValue(kind) == "batch"
                ? WatchBatchAsync(session, parse.GetRequiredValue(jobId), CreateFolder(outDir), [], token)
                : ExportCrawlAsync(session, parse.GetRequiredValue(jobId), CreateFolder(outDir ?? Path.GetFullPath("pages")), token);
        }));
        return command;
    }

    public static Command Cancel()
    {
        var kind = JobKindArgument();
        var jobId = new Argument<string>("job-id") { Description = "The job's id" };
        var command = new Command("cancel", "Cancel a batch or crawl that is still running") { kind, jobId };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var id = parse.GetRequiredValue(jobId);
            var stopped = parse.GetRequiredValue(kind) == "batch"
                ? $"{(await session.Client.CancelBatchAsync(id, token)).InFlightUrls} URLs"
                : $"{(await session.Client.CancelCrawlAsync(id, token)).InFlightPages} pages";
            Console.WriteLine($"{parse.GetRequiredValue(kind)} {id} cancelled; {stopped} were in flight");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Reports a usage error as one line with a hint, and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int UsageError(Command command, string message)
    {
        var path = command.Name;
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            path = $"{parent.Name} {path}";
        }

        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")} (try '{path} --help')");
        return ExitCodes.Usage;
    }

    /// <summary>Runs a command body with a session; a failure becomes one line on stderr, a cancellation says what is left running.</summary>
    internal static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<Session, CancellationToken, Task<int>> body, IJobLedger? ledger = null)
    {
        Session? session = null;
        try
        {
            session = await Session.StartAsync(ledger, cancellationToken);
            return await body(session, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            foreach (var line in session?.WhatIsLeftRunning() ?? ["cancelled"])
            {
                await Console.Error.WriteLineAsync(line);
            }

            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            return await ErrorAsync(parse, ex.Message, ex);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Runs a demo on the in-process emulator (no session, no key): a failure becomes one line on stderr, a
    /// cancellation says <paramref name="cancelled"/>.</summary>
    internal static async Task<int> RunDemoAsync(ParseResult parse, string cancelled, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(cancelled);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            return await ErrorAsync(parse, ex.Message, ex);
        }
    }

    /// <summary>Writes <c>error: </c><paramref name="message"/> to stderr, and the exception in full with --verbose.</summary>
    internal static async Task<int> ErrorAsync(ParseResult parse, string message, Exception ex)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        if (parse.GetValue(Verbose))
        {
            await Console.Error.WriteLineAsync(ex.ToString());
        }

        return ExitCodes.Error;
    }

    /// <summary>Follows a batch to its end: each URL's Markdown to a file (or its status to stdout), failures to the failure log.</summary>
    private static async Task<int> WatchBatchAsync(Session session, string jobId, string? outDir, IReadOnlyList<string> invalidUrls, CancellationToken cancellationToken)
    {
        session.Track("batch", jobId, outDir);
        var (completed, failures) = await StatusOutput.RunAsync(async status =>
        {
            var failures = new FailureLog(outDir, status);
            foreach (var invalid in invalidUrls)
            {
                await failures.AddAsync(invalid, "invalid", null, "not an absolute http or https URL; the server skipped it", cancellationToken);
            }

            var completed = 0;
            var progress = new SyncProgress<BatchJob>(b =>
                status.Report($"{b.CompletedUrls + b.FailedUrls} of {b.TotalUrls} URLs done, {b.FailedUrls} failed ({b.Status})", b.CompletedUrls + b.FailedUrls, b.TotalUrls));
            await foreach (var item in session.Client.WatchBatchItemsAsync(jobId, session.Polling, progress, cancellationToken))
            {
                var markdown = item.Status == JobStatus.Completed ? item.Data?.Markdown : null;
                if (outDir is null)
                {
                    Console.WriteLine($"{item.Status,-10} {item.Url} {item.ErrorCode}".TrimEnd());
                }
                else if (markdown is not null)
                {
                    await WriteMarkdownAsync(outDir, item.Url, markdown, cancellationToken);
                }

                if (markdown is null)
                {
                    await failures.AddAsync(item.Url, item.Status.ToString(), item.ErrorCode, item.ErrorMessage, cancellationToken);
                }
                else
                {
                    completed++;
                }
            }

            return (completed, failures);
        }, printsToStandardOutput: outDir is null);
        session.JobEnded();

        await Console.Error.WriteLineAsync(
            $"batch {jobId}: {completed} URLs extracted{(outDir is null ? string.Empty : $" into {outDir}")}{FailureSummary(failures)}");
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
    }

    /// <summary>
    /// Resumes the crawl an earlier run of the same command started into this folder, if its ledger holds one still in flight
    /// that the server still has; otherwise starts a new one. An entry without a job id (the run stopped while starting it)
    /// is looked for on the server's crawl list, so that it is not started and billed twice.
    /// </summary>
    private static async Task<(string JobId, bool Resumed)> StartOrResumeCrawlAsync(Session session, FileJobLedger ledger, CrawlRequest request, CancellationToken cancellationToken)
    {
        foreach (var entry in (await ledger.ListInFlightAsync(cancellationToken)).Reverse())
        {
            if (entry.Kind != JobLedgerEntry.CrawlKind || !SameCrawl(entry.RequestJson, request))
            {
                continue;
            }

            var jobId = entry.JobId;
            if (jobId is null)
            {
                try
                {
                    // Looks for the job on the server's list and records it: never sends the request again.
                    jobId = (await session.Client.ResumeOperationAsync(entry, cancellationToken)).JobId;
                }
                catch (Exception ex) when (ex is ScraperUnknownOutcomeException { Candidates.Count: 0 } or InvalidOperationException)
                {
                    // No such job (or its request was never sent): nothing to resume.
                    await ledger.RecordNotStartedAsync(entry.EntryId, cancellationToken);
                    continue;
                }
            }

            try
            {
                await session.Client.GetCrawlAsync(jobId, 1, 1, cancellationToken);
            }
            catch (ScraperNotFoundException)
            {
                // Another server, or one that forgot it (the in-process emulator stops with each run).
                await ledger.RecordFinishedAsync(jobId, new JobStatus("not_found"), cancellationToken);
                await Console.Error.WriteLineAsync($"crawl {jobId} of an earlier run is not on this server; starting a new crawl");
                continue;
            }

            await Console.Error.WriteLineAsync($"crawl {jobId} resumed: an earlier run started it ({ledger.Path})");
            return (jobId, true);
        }

        var crawl = await session.Client.StartCrawlAsync(request, cancellationToken);
        await Console.Error.WriteLineAsync($"crawl {crawl.JobId} started at {crawl.Url}");
        return (crawl.JobId, false);
    }

    /// <summary>Whether a recorded crawl request is the one this command would send (same seed, depth, limit and subdomains).</summary>
    private static bool SameCrawl(string? recorded, CrawlRequest request)
    {
        if (recorded is null)
        {
            return false;
        }

        using var json = JsonDocument.Parse(recorded);
        var root = json.RootElement;
        int? Int(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        bool? Bool(string name) => root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return root.TryGetProperty("url", out var url) && url.GetString() == request.Url
            && Int("depth") == request.Depth && Int("limit") == request.Limit && Bool("include_subdomains") == request.IncludeSubdomains;
    }

    /// <summary>Exports a crawl into the folder while it runs (only what an earlier run has not written), then lists its
    /// failures in failures.tsv.</summary>
    private static async Task<int> ExportCrawlAsync(Session session, string jobId, string outDir, CancellationToken cancellationToken, bool overwrite = false)
    {
        session.Track("crawl", jobId, outDir);
        var (result, failures) = await StatusOutput.RunAsync(async status =>
        {
            var progress = new SyncProgress<ExportProgress>(p =>
            {
                if (p.Job is CrawlJob c)
                {
                    status.Report($"{c.CompletedPages + c.FailedPages} done / {c.TotalPages} discovered ({c.Status})", c.CompletedPages + c.FailedPages, c.TotalPages);
                }
            });
            var result = await session.Client.GetCrawlOperation(jobId).ExportAsync(outDir, new ExportOptions { Overwrite = overwrite, Wait = new JobWaitOptions { Polling = session.Polling } }, progress, cancellationToken);
            var failures = new FailureLog(outDir, status);
            foreach (var failure in result.Failures)
            {
                await failures.AddAsync(failure.Url, failure.Status.ToString(), failure.ErrorCode, failure.ErrorMessage, cancellationToken);
            }

            return (result, failures);
        });
        session.JobEnded();

        var earlierFailures = result.Failures.Count - result.Counts.Failed;
        var onDisk = result.Counts.Written + result.Counts.AlreadyExported - earlierFailures;
        if (result.Counts.AlreadyExported > 0)
        {
            await Console.Error.WriteLineAsync($"{result.Counts.AlreadyExported} pages were already done by an earlier run; {result.Counts.Written} written now");
        }

        await Console.Error.WriteLineAsync($"crawl {jobId}: {onDisk} pages written to {outDir}{FailureSummary(failures)}");
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
    }

    private static string FailureSummary(FailureLog failures) =>
        failures.Count == 0 ? string.Empty : $"; {failures.Count} failed, listed {(failures.Path is null ? "above" : $"in {failures.Path}")}";

    private static async Task WriteMarkdownAsync(string outDir, string url, string markdown, CancellationToken cancellationToken)
    {
        var path = PagePath(outDir, url);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
    }

    /// <summary>Maps a URL to <c>out/host/path.md</c> (<c>index.md</c> for a folder), with unsafe characters replaced.</summary>
    private static string PagePath(string outDir, string url)
    {
        var uri = new Uri(url);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Safe).ToList();
        if (segments.Count == 0 || uri.AbsolutePath.EndsWith('/'))
        {
            segments.Add("index");
        }

        var file = segments[^1] + (uri.Query.Length > 1 ? "_" + Safe(uri.Query[1..]) : string.Empty) + ".md";
        segments[^1] = file;
        return Path.Combine([outDir, Safe(uri.Host), .. segments]);
    }

    private static string Safe(string part)
    {
        var chars = part.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }

    [return: NotNullIfNotNull(nameof(path))]
    private static string? CreateFolder(string? path)
    {
        if (path is not null)
        {
            Directory.CreateDirectory(path);
        }

        return path;
    }

    /// <summary>Reads the batch's URLs (one per line; blank lines and # comments skipped) from the file, or from piped input.</summary>
    private static async Task<string[]> ReadUrlsAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        if (file is null && !Console.IsInputRedirected)
        {
            return [];   // nothing piped: do not wait for the keyboard
        }

        var text = file is null ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(file.FullName, cancellationToken);
        return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    private static Argument<string> UrlArgument(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"'{value}' is not an absolute http or https URL");
            }
        });
        return argument;
    }

    private static Argument<string> JobKindArgument()
    {
        var argument = new Argument<string>("kind") { Description = "batch or crawl" };
        argument.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("batch" or "crawl"))
            {
                result.AddError($"the kind of job is batch or crawl, not '{result.GetValueOrDefault<string>()}'");
            }
        });
        return argument;
    }

    /// <summary>An option that takes a whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is a usage error.</summary>
    private static Option<int?> WholeNumber(string name, string alias, string description, int min, int max, int? defaultValue = null)
    {
        var option = new Option<int?>(name, alias) { Description = description };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.CustomParser = result =>
        {
            var token = result.Tokens.Single().Value;
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min:N0} to {max:N0}, not '{token}'");
            return null;
        };
        return option;
    }

    /// <summary>Reports progress on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
