using System.CommandLine;
using Spectre.Console;

namespace Geonode.Scraper.Samples;

/// <summary>The sample's commands. Results go to stdout (or files), progress and errors to stderr.</summary>
internal static class Commands
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Show stack traces on errors", Recursive = true };

    public static Command Extract()
    {
        var url = new Argument<string>("url") { Description = "The page to extract" };
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
            return 0;
        }));
        return command;
    }

    public static Command Batch()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A file with one URL per line (default: standard input)" };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Write one Markdown file per URL into this folder" };
        var command = new Command("batch", "Extract up to 1,000 URLs as one batch job") { file, output };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var source = parse.GetValue(file);
            var lines = source is null ? await ReadAllLinesAsync(Console.In, token) : await File.ReadAllLinesAsync(source.FullName, token);
            var urls = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
            if (urls.Length == 0)
            {
                throw new InvalidOperationException("No URLs given: pass --file or pipe one URL per line.");
            }

            var accepted = await session.Client.StartBatchAsync(new BatchRequest { Urls = urls, IgnoreInvalidUrls = true }, token);
            foreach (var invalid in accepted.InvalidUrls)
            {
                await Console.Error.WriteLineAsync($"skipped invalid URL: {invalid}");
            }

            await Console.Error.WriteLineAsync($"batch {accepted.JobId}: {accepted.AcceptedUrls} URLs accepted");
            var outDir = parse.GetValue(output);
            var done = 0;
            var progress = new Progress<BatchJob>(b => Console.Error.Write($"\r{b.CompletedUrls + b.FailedUrls}/{b.TotalUrls} done, {b.FailedUrls} failed   "));
            await foreach (var item in session.Client.WatchBatchItemsAsync(accepted.JobId, session.Polling, progress, token))
            {
                done++;
                if (item.Status == JobStatus.Completed && outDir is not null && item.Data?.Markdown is { } markdown)
                {
                    await File.WriteAllTextAsync(PagePath(outDir.FullName, item.Url), markdown, token);
                }
                else if (outDir is null)
                {
                    Console.WriteLine($"{item.Status,-10} {item.Url} {item.ErrorCode}");
                }
            }

            await Console.Error.WriteLineAsync($"\n{done} results{(outDir is null ? string.Empty : $" written to {outDir.FullName}")}");
            return 0;
        }));
        return command;
    }

    public static Command Crawl()
    {
        var url = new Argument<string>("url") { Description = "The seed URL" };
        var depth = new Option<int>("--depth", "-d") { Description = "How deep to follow links (1 = the seed page only, at most 10)", DefaultValueFactory = _ => 2 };
        var limit = new Option<int?>("--limit", "-l") { Description = "The most pages to extract (at most 10,000)" };
        var subdomains = new Option<bool>("--include-subdomains") { Description = "Follow links to subdomains too" };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write one Markdown file per page into", DefaultValueFactory = _ => new DirectoryInfo("pages") };
        var command = new Command("crawl", "Crawl a site and write one Markdown file per page") { url, depth, limit, subdomains, output };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var outDir = parse.GetRequiredValue(output);
            var crawl = await session.Client.StartCrawlAsync(
                new CrawlRequest
                {
                    Url = parse.GetRequiredValue(url),
                    Depth = parse.GetValue(depth),
                    Limit = parse.GetValue(limit),
                    IncludeSubdomains = parse.GetValue(subdomains) ? true : null,
                },
                token);
            await Console.Error.WriteLineAsync($"crawl {crawl.JobId} started at {crawl.Url}");
            Directory.CreateDirectory(outDir.FullName);
            var written = await (CanShowProgressBar()
                ? CrawlWithProgressBarAsync(session, crawl.JobId, outDir.FullName, token)
                : CrawlWithProgressLinesAsync(session, crawl.JobId, outDir.FullName, token));
            await Console.Error.WriteLineAsync($"{written} pages written to {outDir.FullName}");
            return 0;
        }));
        return command;
    }

    public static Command Map()
    {
        var url = new Argument<string>("url") { Description = "The site's base URL" };
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

            return 0;
        }));
        return command;
    }

    public static Command Search()
    {
        var query = new Argument<string>("query") { Description = "What to search for" };
        var page = new Option<int>("--page", "-p") { Description = "Result page, 1 to 20", DefaultValueFactory = _ => 1 };
        var command = new Command("search", "Run a web search") { query, page };
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (session, token) =>
        {
            var response = await session.Client.SearchAsync(new SearchRequest { Query = parse.GetRequiredValue(query), Page = parse.GetValue(page) }, token);
            foreach (var hit in response.Results)
            {
                Console.WriteLine($"{hit.Position,2}. {hit.Title}\n    {hit.Url}");
            }

            return 0;
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
            return 0;
        }));
        return command;
    }

    /// <summary>Runs a command body with a session; any failure becomes one line on stderr and exit code 1.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<Session, CancellationToken, Task<int>> body)
    {
        try
        {
            await using var session = await Session.StartAsync(cancellationToken);
            return await body(session, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            if (parse.GetValue(Verbose))
            {
                await Console.Error.WriteLineAsync(ex.ToString());
            }

            return 1;
        }
    }

    private static bool CanShowProgressBar() =>
        !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    private static async Task<int> CrawlWithProgressBarAsync(Session session, string jobId, string outDir, CancellationToken cancellationToken)
    {
        var written = 0;
        await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
        {
            var task = context.AddTask("pages done / discovered", maxValue: 1);
            var progress = new SyncProgress<CrawlJob>(c =>
            {
                task.MaxValue = Math.Max(1, c.TotalPages);
                task.Value = c.CompletedPages + c.FailedPages;
                task.Description = $"{c.CompletedPages + c.FailedPages} done / {c.TotalPages} discovered";
            });
            await foreach (var page in session.Client.WatchCrawlPagesAsync(jobId, session.Polling, progress, cancellationToken))
            {
                written += await WritePageAsync(page, outDir, cancellationToken);
            }

            task.Value = task.MaxValue;
        });
        return written;
    }

    private static async Task<int> CrawlWithProgressLinesAsync(Session session, string jobId, string outDir, CancellationToken cancellationToken)
    {
        var written = 0;
        var last = string.Empty;
        var progress = new SyncProgress<CrawlJob>(c =>
        {
            var line = $"{c.CompletedPages + c.FailedPages} done / {c.TotalPages} discovered ({c.Status})";
            if (line != last)
            {
                Console.Error.WriteLine(line);
                last = line;
            }
        });
        await foreach (var page in session.Client.WatchCrawlPagesAsync(jobId, session.Polling, progress, cancellationToken))
        {
            written += await WritePageAsync(page, outDir, cancellationToken);
        }

        return written;
    }

    private static async Task<int> WritePageAsync(CrawlPage page, string outDir, CancellationToken cancellationToken)
    {
        if (page.Data?.Markdown is not { } markdown)
        {
            await Console.Error.WriteLineAsync($"skipped {page.Url}: {page.Status} {page.ErrorCode}");
            return 0;
        }

        var path = PagePath(outDir, page.Url);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
        return 1;
    }

    /// <summary>Maps a URL to <c>out/host/path.md</c> (<c>index.md</c> for a folder), with unsafe characters replaced.</summary>
    internal static string PagePath(string outDir, string url)
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

    private static async Task<string[]> ReadAllLinesAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
