using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Internal;

/// <summary>The bodies of the tools of one <see cref="ScraperAIFunctions.Create"/> call, with that call's memory.</summary>
internal sealed class ScraperToolset
{
    private const int DefaultCrawlPages = 10;
    private const int DefaultCrawlDepth = 2;
    private const int MaxCrawlDepth = 5;
    private static readonly IReadOnlyList<OutputFormat> Markdown = [OutputFormat.Markdown];

    private readonly IScraperClient _client;
    private readonly ScraperAIFunctionOptions _options;
    private readonly RecentCalls _recent;
    private readonly ConcurrentDictionary<string, JobKind> _startedJobs = new(StringComparer.Ordinal);
    private readonly ToolErrors _errors = new(ScraperAIFunctions.GetJobToolName);

    public ScraperToolset(IScraperClient client, ScraperAIFunctionOptions options)
    {
        _client = client;
        _options = options;
        _recent = new RecentCalls(options.TimeProvider, options.RepeatWindow);
    }

    public IReadOnlyList<AIFunction> CreateFunctions() =>
    [
        Tool(ScraperAIFunctions.ScrapeUrlToolName, ToolSchemas.ScrapeUrlDescription, ToolSchemas.ScrapeUrl, ScrapeUrlAsync),
        Tool(ScraperAIFunctions.SearchWebToolName, ToolSchemas.SearchWebDescription, ToolSchemas.SearchWeb, SearchWebAsync),
        Tool(ScraperAIFunctions.MapSiteToolName, ToolSchemas.MapSiteDescription, ToolSchemas.MapSite, MapSiteAsync),
        Tool(ScraperAIFunctions.CrawlSiteToolName, ToolSchemas.CrawlSiteDescription(_options), ToolSchemas.CrawlSite(_options), CrawlSiteAsync),
        Tool(ScraperAIFunctions.ScrapeUrlsToolName, ToolSchemas.ScrapeUrlsDescription(_options), ToolSchemas.ScrapeUrls(_options), ScrapeUrlsAsync),
        Tool(ScraperAIFunctions.GetJobToolName, ToolSchemas.GetJobDescription, ToolSchemas.GetJob, GetJobAsync),
    ];

    private ScraperTool Tool(string name, string description, string schema, Func<ToolArguments, CancellationToken, Task<string>> body) =>
        new(name, description, schema, _errors, body);

    private async Task<string> ScrapeUrlAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var url = args.RequiredUrl("url");
        var renderJs = args.Bool("render_js");
        var startAt = args.Int("start_at", 0, 0, int.MaxValue);
        var result = await _recent.GetOrStartAsync(
            Key(ScraperAIFunctions.ScrapeUrlToolName, url, renderJs),
            ct => _client.ExtractAsync(new ExtractRequest { Url = url, Formats = Markdown, RenderJs = renderJs ? true : null }, _options.Polling, ct),
            cancellationToken).ConfigureAwait(false);
        var header = $"Content of {url} as Markdown{Charged(result.TokensCharged)}:";
        return ToolText.Window(header, result.Data.Markdown ?? string.Empty, startAt, _options.MaxResultLength,
            end => $"Call {ScraperAIFunctions.ScrapeUrlToolName} with the same url and start_at {end} for the next part.");
    }

    private async Task<string> SearchWebAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var query = args.RequiredString("query");
        var page = args.Int("page", 1, 1, 20);
        var response = await _recent.GetOrStartAsync(
            Key(ScraperAIFunctions.SearchWebToolName, query, page),
            ct => _client.SearchAsync(new SearchRequest { Query = query, Page = page }, ct),
            cancellationToken).ConfigureAwait(false);

        var text = new StringBuilder($"Web results for \"{ToolText.Clip(query, 200)}\" (page {page}):");
        if (!string.IsNullOrWhiteSpace(response.SpellingCorrection))
        {
            text.Append("\nDid you mean: ").Append(ToolText.Clip(response.SpellingCorrection, 200));
        }

        var lines = response.Results.Select((hit, i) =>
            $"{i + 1}. {ToolText.Clip(hit.Title, 200)}\n   {hit.Url}\n   {ToolText.Clip(hit.Snippet, _options.ExcerptLength)}").ToList();
        if (lines.Count == 0)
        {
            text.Append("\nNo results. Try other words.");
        }

        return AppendWithinBudget(text, lines, shown => $"{lines.Count - shown} more results not shown.");
    }

    private async Task<string> MapSiteAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var url = args.RequiredUrl("url");
        var search = args.OptionalString("search");
        var result = await _recent.GetOrStartAsync(
            Key(ScraperAIFunctions.MapSiteToolName, url, search),
            ct => _client.MapAsync(new MapRequest { Url = url, Search = search }, ct),
            cancellationToken).ConfigureAwait(false);

        var text = new StringBuilder($"{ToolText.Number(result.Links.Count)} URLs found on {url}{(search is null ? string.Empty : $" for \"{ToolText.Clip(search, 100)}\"")}:");
        if (!string.IsNullOrWhiteSpace(result.Warning))
        {
            text.Append("\nNote from the service: ").Append(ToolText.Clip(result.Warning, 200));
        }

        var lines = result.Links.Select(link => link.Url).ToList();
        return AppendWithinBudget(text, lines, shown => $"{ToolText.Number(lines.Count - shown)} more URLs not shown. Narrow the list with the search argument.");
    }

    private async Task<string> CrawlSiteAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var url = args.RequiredUrl("url");
        var maxPages = args.Int("max_pages", Math.Min(DefaultCrawlPages, _options.MaxCrawlPages), 1, _options.MaxCrawlPages);
        var depth = args.Int("depth", DefaultCrawlDepth, 1, MaxCrawlDepth);
        var jobId = await _recent.GetOrStartAsync(
            Key(ScraperAIFunctions.CrawlSiteToolName, url, maxPages, depth),
            async ct => (await _client.StartCrawlAsync(new CrawlRequest { Url = url, Limit = maxPages, Depth = depth, Formats = Markdown }, ct).ConfigureAwait(false)).JobId,
            cancellationToken).ConfigureAwait(false);
        _startedJobs[jobId] = JobKind.Crawl;
        return await WaitAndDescribeAsync(jobId, JobKind.Crawl, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> ScrapeUrlsAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var urls = args.RequiredUrls("urls", _options.MaxBatchUrls);
        var jobId = await _recent.GetOrStartAsync(
            Key(ScraperAIFunctions.ScrapeUrlsToolName, [.. urls]),
            async ct => (await _client.StartBatchAsync(new BatchRequest { Urls = urls, Formats = Markdown }, ct).ConfigureAwait(false)).JobId,
            cancellationToken).ConfigureAwait(false);
        _startedJobs[jobId] = JobKind.Batch;
        return await WaitAndDescribeAsync(jobId, JobKind.Batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> GetJobAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var jobId = args.RequiredString("job_id");
        if (jobId.Length > 200)
        {
            throw new ToolArgumentException("Argument 'job_id' is too long to be a job id.");
        }

        var url = args.OptionalString("url");
        var skip = args.Int("skip", 0, 0, int.MaxValue);
        var startAt = args.Int("start_at", 0, 0, int.MaxValue);
        var (kind, summary) = await ReadJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (kind == JobKind.Extract)
        {
            var job = await _client.GetExtractJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job.Status != JobStatus.Completed)
            {
                return job.Error is null
                    ? $"Extraction job {jobId}: {job.Status}.{(job.Status.IsTerminal ? string.Empty : " Call again later.")}"
                    : _errors.Describe(ScraperAIFunctions.GetJobToolName, new JobFailedException(jobId, job, job.Error));
            }

            return ToolText.Window($"Extraction job {jobId}: completed{Charged(job.TokensCharged)}. Content of {job.Metadata?.Url ?? "the page"} as Markdown:",
                job.Data?.Markdown ?? string.Empty, startAt, _options.MaxResultLength,
                end => $"Call {ScraperAIFunctions.GetJobToolName} with the same job_id and start_at {end} for the next part.");
        }

        return url is null
            ? await DescribeAsync(summary!, skip, cancellationToken).ConfigureAwait(false)
            : await DescribePageAsync(summary!, url, startAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for a crawl or batch up to the tool's time limit (a stop condition of the wait itself: the job as it
    /// stands is returned, it is not cancelled), then describes it.</summary>
    private async Task<string> WaitAndDescribeAsync(string jobId, JobKind kind, CancellationToken cancellationToken)
    {
        var wait = new JobWaitOptions
        {
            Polling = _options.Polling,
            StopWaitingAfter = _options.ToolTimeout == Timeout.InfiniteTimeSpan ? null : _options.ToolTimeout,
        };
        var summary = kind == JobKind.Crawl
            ? JobSummaryView.From(await _client.GetCrawlOperation(jobId).WaitForCompletionAsync(wait, null, cancellationToken).ConfigureAwait(false))
            : JobSummaryView.From(await _client.GetBatchOperation(jobId).WaitForCompletionAsync(wait, null, cancellationToken).ConfigureAwait(false));
        return await DescribeAsync(summary, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds what kind of job an id is (the tools remember the jobs they started; another id is looked up).</summary>
    private async Task<(JobKind Kind, JobSummaryView? Summary)> ReadJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var order = _startedJobs.TryGetValue(jobId, out var known) ? new[] { known } : [JobKind.Crawl, JobKind.Batch, JobKind.Extract];
        for (var i = 0; ; i++)
        {
            try
            {
                return order[i] switch
                {
                    JobKind.Crawl => (JobKind.Crawl, JobSummaryView.From(await _client.GetCrawlAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false))),
                    JobKind.Batch => (JobKind.Batch, JobSummaryView.From(await _client.GetBatchAsync(jobId, 1, 1, cancellationToken).ConfigureAwait(false))),
                    _ => (JobKind.Extract, null),
                };
            }
            catch (ScraperNotFoundException) when (i < order.Length - 1)
            {
            }
        }
    }

    private async Task<string> DescribeAsync(JobSummaryView job, int skip, CancellationToken cancellationToken)
    {
        var noun = job.Kind == JobKind.Crawl ? "pages" : "URLs";
        var text = new StringBuilder(
            $"{(job.Kind == JobKind.Crawl ? "Crawl" : "Batch")} job {job.JobId}: {job.Status}. {job.Completed} {noun} read, {job.Failed} failed"
            + $"{(job.Cancelled > 0 ? $", {job.Cancelled} cancelled" : string.Empty)}, of {job.Total}{Charged(job.TokensCharged)}.");
        if (!job.Status.IsTerminal)
        {
            text.Append(" Still running: call " + ScraperAIFunctions.GetJobToolName + " with job_id \"" + job.JobId + "\" later for the rest.");
        }

        var lines = new List<string>();
        var index = 0;
        var length = 0;
        await foreach (var page in PagesAsync(job, cancellationToken).ConfigureAwait(false))
        {
            if (index++ < skip)
            {
                continue;
            }

            lines.Add(Line(skip + lines.Count + 1, page));
            length += lines[lines.Count - 1].Length + 1;
            if (length > _options.MaxResultLength)
            {
                break;   // enough to fill the budget; the rest is counted, not read
            }
        }

        if (lines.Count == 0)
        {
            text.Append(skip > 0 ? $"\nNo {noun} after the first {skip}." : $"\nNo {noun} to show yet.");
            return text.ToString();
        }

        text.Append(job.Kind == JobKind.Crawl ? "\nPages" : "\nResults")
            .Append(" with the start of their text; call " + ScraperAIFunctions.GetJobToolName + " with job_id \"" + job.JobId + "\" and a url for one page in full:");
        var available = Math.Max(job.Total, skip + lines.Count) - skip;
        return AppendWithinBudget(text, lines,
            shown => $"{Math.Max(available - shown, 1)} more {noun} not shown. Call {ScraperAIFunctions.GetJobToolName} with job_id \"{job.JobId}\" and skip {skip + shown} for the next ones.",
            available);
    }

    private async Task<string> DescribePageAsync(JobSummaryView job, string url, int startAt, CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync(job, cancellationToken).ConfigureAwait(false))
        {
            if (!SameUrl(page.Url, url))
            {
                continue;
            }

            if (page.Status != JobStatus.Completed)
            {
                return $"{page.Url} in job {job.JobId}: {page.Status}{Failure(page)}.";
            }

            return ToolText.Window($"Content of {page.Url} (job {job.JobId}) as Markdown:", page.Markdown ?? string.Empty, startAt, _options.MaxResultLength,
                end => $"Call {ScraperAIFunctions.GetJobToolName} with the same job_id and url and start_at {end} for the next part.");
        }

        return $"Job {job.JobId} has no page {ToolText.Clip(url, 200)}{(job.Status.IsTerminal ? string.Empty : " yet")}. Call {ScraperAIFunctions.GetJobToolName} with job_id only to list its pages.";
    }

    private async IAsyncEnumerable<JobPageView> PagesAsync(JobSummaryView job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (job.Kind == JobKind.Crawl)
        {
            await foreach (var page in _client.GetCrawlPagesAsync(job.JobId, cancellationToken).ConfigureAwait(false))
            {
                yield return JobPageView.From(page);
            }
        }
        else
        {
            await foreach (var item in _client.GetBatchItemsAsync(job.JobId, cancellationToken).ConfigureAwait(false))
            {
                yield return JobPageView.From(item);
            }
        }
    }

    private string Line(int number, JobPageView page)
    {
        if (page.Status != JobStatus.Completed)
        {
            return $"{number}. {page.Url} [{page.Status}{Failure(page)}]";
        }

        var excerpt = ToolText.Clip(page.Markdown, _options.ExcerptLength);
        return excerpt.Length == 0 ? $"{number}. {page.Url}" : $"{number}. {page.Url}\n   {excerpt}";
    }

    private static string Failure(JobPageView page)
    {
        var reason = string.Join(" ", new[] { ToolText.Clip(page.ErrorCode, 60), ToolText.Clip(page.ErrorMessage, 160) }.Where(p => p.Length > 0));
        return reason.Length == 0 ? string.Empty : ": " + reason;
    }

    /// <summary>Appends lines while the answer fits the budget, keeping room for the note that says what was left out.</summary>
    private string AppendWithinBudget(StringBuilder text, List<string> lines, Func<int, string> more, int? total = null)
    {
        var count = total ?? lines.Count;
        var reserve = more(count).Length + 8;
        var shown = 0;
        foreach (var line in lines)
        {
            if (text.Length + 1 + line.Length + (shown + 1 < count ? reserve : 0) > _options.MaxResultLength)
            {
                break;
            }

            text.Append('\n').Append(line);
            shown++;
        }

        if (shown < count)
        {
            text.Append("\n[").Append(more(shown)).Append(']');
        }

        return ToolText.Fit(text.ToString(), _options.MaxResultLength);
    }

    private static bool SameUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Charged(int? tokens) =>
        tokens is { } t ? $" ({t.ToString(CultureInfo.InvariantCulture)} API tokens charged)" : string.Empty;

    /// <summary>The memory's key of a call: the tool and its arguments after defaults, each length-prefixed so that no
    /// two different argument lists give the same key.</summary>
    private static string Key(string tool, params object?[] arguments) =>
        tool + string.Concat(arguments.Select(a => a switch
        {
            null => "|-",
            bool b => b ? "|true" : "|false",
            IFormattable f => "|" + f.ToString(null, CultureInfo.InvariantCulture),
            _ => $"|{a.ToString()!.Length.ToString(CultureInfo.InvariantCulture)}:{a}",
        }));
}
