using System.Globalization;
using Xunit.Abstractions;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Operations;

/// <summary>
/// Issue 15, item 1: a workflow behaves the same whoever holds the client. Each workflow runs twice, each time on its own
/// fake clock and its own stateful fake API (<see cref="FakeJobApi"/> behind MockHttp): once on the bare
/// <see cref="ScraperClient"/>, once through a <see cref="DispatchProxy"/> logging decorator of <see cref="IScraperClient"/>.
/// Both runs must send the same requests (method, path and query, body, at the same clock time) and wait the same delays.
/// The client is configured away from every default (polling, a job ledger, its clock), so a workflow that fell back to
/// defaults behind the decorator (the bug the issue measured) would poll, time out, re-run or be timed differently; each
/// workflow's own result on the bare client is checked too, so that two runs that are equally wrong do not pass.
/// </summary>
public sealed class DecoratorTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<OutputFormat> Markdown = [OutputFormat.Markdown];

    public static TheoryData<string> Workflows => new()
    {
        "budget-breach",
        "budget-under-client-timeout",
        "rerun-failed-batch",
        "rerun-failed-crawl",
        "scrape-many",
        "export",
        "receipt",
        "resume-ledger-entry",
    };

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task Workflow_ThroughADispatchProxyDecorator_SendsTheSameRequestsWithTheSameDelays(string workflow)
    {
        var bare = await RunAsync(workflow, decorated: false);
        var decorated = await RunAsync(workflow, decorated: true);
        output.WriteLine($"{bare.Outcome}\n{string.Join("\n", bare.Requests)}\ndelays: {string.Join(", ", bare.Delays)}\ndecorator saw: {string.Join(", ", decorated.Calls)}");

        decorated.Calls.Should().NotBeEmpty("the workflow starts from the decorated interface");
        bare.Requests.Should().NotBeEmpty();
        decorated.Outcome.Should().Be(bare.Outcome);
        decorated.Requests.Should().Equal(bare.Requests, "the decorator must not change a single request, its body or its time");
        decorated.Delays.Should().Equal(bare.Delays, "the decorator must not change a single delay");
        ExpectOnTheBareClient(workflow, bare);
    }

    /// <summary>What each workflow does with the client's own settings (not the defaults).</summary>
    private static void ExpectOnTheBareClient(string workflow, RunResult run)
    {
        var posts = run.Requests.Where(r => r.Contains(" POST ", StringComparison.Ordinal)).ToList();
        switch (workflow)
        {
            case "budget-breach":
                // The 4th token is charged at 6 s; with polls at most 2 s apart the breach is seen, and the job cancelled, by 8 s.
                run.Outcome.Should().MatchRegex("^JobBudgetExceededException charged [45] of max 3, cancel requested True$");
                run.Requests.Should().ContainSingle(r => r.Contains(" DELETE ", StringComparison.Ordinal))
                    .Which.Should().Match(r => At(r) <= TimeSpan.FromSeconds(8));
                run.Delays.Should().OnlyContain(d => d <= TimeSpan.FromSeconds(2), "a budget's MaxPollInterval of 2 s caps every delay");
                break;
            case "budget-under-client-timeout":
                // The client's polling timeout is 10 s (the default is 30 minutes): the 22-second batch outlasts it.
                run.Outcome.Should().StartWith("JobTimeoutException");
                run.Requests.Max(At).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
                break;
            case "rerun-failed-batch":
                // The ledger is the client's: the re-run sends the recorded request, extract_links included (no status echoes it).
                run.Outcome.Should().Be("Recorded https://b.fail.test/2 -> completed, 1 of 1 failed again");
                posts.Should().HaveCount(2);
                posts[1].Should().Contain("\"extract_links\":true").And.Contain("\"urls\":[\"https://b.fail.test/2\"]");
                break;
            case "rerun-failed-crawl":
                run.Outcome.Should().Be("Recorded https://docs.example.test/fail-c -> completed, 1 of 1 failed again");
                posts.Should().HaveCount(2);
                break;
            case "scrape-many":
                run.Outcome.Should().Be("5 items (0,1,2,3,4); receipt 5 = 4 succeeded + 1 failed, 3 batches, consistent True");
                posts.Should().HaveCount(3);
                break;
            case "export":
                run.Outcome.Should().Be("written 3, failed 1; receipt 3 succeeded 1 failed, consistent True");
                break;
            case "receipt":
                run.Outcome.Should().Be("receipt submitted 3, succeeded 2, failed https://b.fail.test/2 TARGET_UNREACHABLE, tokens 2, consistent True");
                break;
            case "resume-ledger-entry":
                // The request was sent by an earlier process: it is never sent again, the job is found on the list.
                run.Outcome.Should().Be("BatchOperation 00000000-0000-4000-8000-000000000001 recorded, completed");
                posts.Should().BeEmpty();
                run.Requests.Should().Contain(r => r.Contains(" GET /v1/batch/jobs?", StringComparison.Ordinal));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(workflow), workflow, null);
        }
    }

    private static async Task<RunResult> RunAsync(string workflow, bool decorated)
    {
        var clock = new TestClock();
        var api = new FakeJobApi(clock);
        var ledger = new InMemoryJobLedger(clock);
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(api.HandleAsync);
        var options = new ScraperClientOptions
        {
            ApiKey = TestClient.ApiKey,
            BaseAddress = new Uri(TestClient.Base),
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            JobLedger = ledger,
            Polling = new PollingOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(700),
                Multiplier = 2,
                MaxDelay = TimeSpan.FromSeconds(3),
                Jitter = 0,
                Timeout = workflow == "budget-under-client-timeout" ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(5),
            },
        };
        options.Retry.Jitter = 0;
        using var inner = new ScraperClient(options, mock, clock);
        var calls = new List<string>();
        var client = decorated ? LoggingDecorator.Wrap(inner, calls) : inner;
        var folder = Directory.CreateTempSubdirectory("geonode-decorator-").FullName;
        try
        {
            var outcome = await clock.Run(OutcomeOf(workflow, client, api, ledger, clock, folder));
            return new RunResult(outcome, [.. api.Log], [.. clock.Delays], calls);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> OutcomeOf(string workflow, IScraperClient client, FakeJobApi api, InMemoryJobLedger ledger, TestClock clock, string folder)
    {
        try
        {
            return await WorkflowAsync(workflow, client, api, ledger, clock, folder);
        }
        catch (JobBudgetExceededException ex)
        {
            return FormattableString.Invariant($"{ex.GetType().Name} charged {ex.Usage.TokensChargedTotal} of max {ex.MaxTokens}, cancel requested {ex.CancelRequested}");
        }
        catch (ScraperException ex)
        {
            return $"{ex.GetType().Name} {ex.Message}";
        }
    }

    private static async Task<string> WorkflowAsync(string workflow, IScraperClient client, FakeJobApi api, InMemoryJobLedger ledger, TestClock clock, string folder)
    {
        var three = new[] { "https://a.example.test/1", "https://b.fail.test/2", "https://c.example.test/3" };
        switch (workflow)
        {
            case "budget-breach":
            {
                var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = Urls(10) });
                await batch.WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 3, MaxPollInterval = TimeSpan.FromSeconds(2) } });
                return "completed under the budget";
            }

            case "budget-under-client-timeout":
            {
                var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = Urls(20) });
                await batch.WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 1000, MaxPollInterval = TimeSpan.FromSeconds(4) } });
                return "completed";
            }

            case "rerun-failed-batch":
            {
                var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = three, Formats = Markdown, ExtractLinks = true });
                await batch.WaitForCompletionAsync();
                var rerun = await client.GetBatchOperation(batch.JobId).RerunFailedAsync();
                return await DescribeAsync(rerun);
            }

            case "rerun-failed-crawl":
            {
                var crawl = await client.StartCrawlOperationAsync(new CrawlRequest { Url = "https://docs.example.test/", Formats = Markdown, RenderJs = true });
                await crawl.WaitForCompletionAsync();
                var rerun = await client.GetCrawlOperation(crawl.JobId).RerunFailedAsync();
                return await DescribeAsync(rerun);
            }

            case "scrape-many":
            {
                var urls = new[] { "https://a.example.test/1", "https://a.example.test/2", "https://a.example.test/3", "https://b.fail.test/4", "https://a.example.test/5" };
                var run = client.ScrapeManyAsync(urls, new ScrapeManyOptions { BatchSize = 2, MaxConcurrentBatches = 1 });
                var indexes = new List<int>();
                await foreach (var item in run)
                {
                    indexes.Add(item.Index);
                }

                var receipt = run.Receipt!;
                return FormattableString.Invariant(
                    $"{indexes.Count} items ({string.Join(",", indexes.Order())}); receipt {receipt.Submitted} = {receipt.Succeeded} succeeded + {receipt.Failed} failed, {receipt.Batches.Count} batches, consistent {receipt.IsConsistent}");
            }

            case "export":
            {
                var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = [.. three, "https://d.example.test/4"], Formats = Markdown });
                var result = await batch.ExportAsync(folder, new ExportOptions { Format = ExportFormat.Jsonl });
                return FormattableString.Invariant(
                    $"written {result.Counts.Written}, failed {result.Counts.Failed}; receipt {result.Receipt!.Succeeded} succeeded {result.Receipt.Failed} failed, consistent {result.Receipt.IsConsistent}");
            }

            case "receipt":
            {
                var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = three });
                await batch.WaitForCompletionAsync();
                var receipt = await client.GetBatchOperation(batch.JobId).GetReceiptAsync();
                var failed = string.Join(" ", receipt.FailedUrls.Select(f => $"{f.Url} {f.ErrorCode}"));
                return FormattableString.Invariant(
                    $"receipt submitted {receipt.Submitted}, succeeded {receipt.Succeeded}, failed {failed}, tokens {receipt.TokensCharged}, consistent {receipt.IsConsistent}");
            }

            case "resume-ledger-entry":
            {
                // An earlier process claimed the work, sent the request (the API created the job) and stopped before the answer.
                var entry = new JobLedgerEntry
                {
                    EntryId = "import-42",
                    Kind = JobLedgerEntry.BatchKind,
                    RecordedAt = clock.GetUtcNow(),
                    Url = three[0],
                    UrlCount = three.Length,
                    RequestJson = """{"urls":["https://a.example.test/1","https://b.fail.test/2","https://c.example.test/3"]}""",
                    Owner = "earlier-process",
                };
                (await ledger.ClaimAsync(entry, TimeSpan.FromSeconds(30))).IsOwner.Should().BeTrue();
                (await ledger.TryRecordSendingAsync(entry.EntryId, "earlier-process")).Should().BeTrue();
                api.CreateBatch(three);
                await ledger.ReleaseAsync("earlier-process", entry.EntryId);

                var operation = await client.ResumeOperationAsync((await ledger.ListInFlightAsync()).Single());
                var batch = operation.Should().BeOfType<BatchOperation>().Subject;
                var recorded = (await ledger.FindEntryAsync(entry.EntryId))!.JobId == batch.JobId ? "recorded" : "not recorded";
                var job = await batch.WaitForCompletionAsync();
                return $"{operation.GetType().Name} {batch.JobId} {recorded}, {job.Status}";
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(workflow), workflow, null);
        }
    }

    private static async Task<string> DescribeAsync(RerunResult rerun)
    {
        var job = await rerun.Batches.Single().WaitForCompletionAsync();
        return FormattableString.Invariant($"{rerun.SettingsSource} {string.Join(" ", rerun.FailedUrls)} -> {job.Status}, {job.FailedUrls} of {job.TotalUrls} failed again");
    }

    private static string[] Urls(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "https://shop.example.test/p/" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The clock time a logged request was sent at (the log line starts with it).</summary>
    private static TimeSpan At(string logLine) => TimeSpan.Parse(logLine[..logLine.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private sealed record RunResult(string Outcome, IReadOnlyList<string> Requests, IReadOnlyList<TimeSpan> Delays, IReadOnlyList<string> Calls);
}
