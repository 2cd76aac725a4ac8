using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Geonode.Scraper.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// Issue 15, item 5: receipts. The figures are those of the results read; they must add up to what was submitted, and every
/// disagreement with the job's counters (counters that stall, go backwards, or claim completion with zero results) must be
/// listed, never hidden. The tests that need exact timing run on an emulator whose clock the test moves by hand (no wait
/// runs, so nothing else moves it); the long runs use the shared real-time emulator.
/// </summary>
public sealed class ReceiptTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Directory.CreateTempSubdirectory("geonode-receipt-").FullName;
    private readonly List<ScraperClient> _clients = [];
    private ScraperEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await ScraperEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = _clock,
            QueueTime = TimeSpan.FromSeconds(1),
            PageTime = TimeSpan.FromSeconds(1),
            Parallelism = 1,
            StaleViewTime = TimeSpan.FromSeconds(10),
        });

    public async Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _emulator.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Items of 1 s each, in order, after a 1 s queue: a/1 [1,2] completed, b.fail/2 [2,3] failed, c/4 [3,4],
    /// d/5 [4,5], e.fail/6 [5,6]; "not-a-url" is skipped as invalid. Cancelled at 4 s, d/5 and e.fail/6 never start.</summary>
    [Theory]
    [InlineData(false, 3, 2, 0)]
    [InlineData(true, 2, 1, 2)]
    public async Task GetReceiptAsync_EndedBatchWithFailedAndInvalidUrls_FiguresAddUpAndAreConsistent(bool cancelAt4s, int succeeded, int failed, int cancelled)
    {
        var client = FakeClockClient();
        string[] urls = ["https://a.example.test/1", "https://b.fail.test/2", "not-a-url", "https://c.example.test/4", "https://d.example.test/5", "https://e.fail.test/6"];
        var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = urls, IgnoreInvalidUrls = true });
        if (cancelAt4s)
        {
            _clock.Advance(TimeSpan.FromSeconds(4));
            (await batch.CancelAsync()).Status.Should().Be(JobStatus.Cancelled);
        }

        _clock.Advance(TimeSpan.FromSeconds(10));

        var receipt = await batch.GetReceiptAsync();

        receipt.Status.Should().Be(cancelAt4s ? JobStatus.Cancelled : JobStatus.Completed);
        receipt.Submitted.Should().Be(6);
        receipt.Invalid.Should().Be(1);
        receipt.InvalidUrls.Should().Equal("not-a-url");
        (receipt.Succeeded, receipt.Failed, receipt.Cancelled).Should().Be((succeeded, failed, cancelled));
        (receipt.Succeeded + receipt.Failed + receipt.Cancelled + receipt.Invalid).Should().Be(receipt.Submitted, "every URL submitted is accounted for once");
        receipt.ItemsRead.Should().Be(5);
        receipt.TokensCharged.Should().Be(succeeded, "one token per page extracted");
        receipt.FailedUrls.Should().BeEquivalentTo(
            urls.Where(u => u.Contains(".fail.", StringComparison.Ordinal)).Take(failed).Select(u => new FailedUrl { Url = u, ErrorCode = "TARGET_UNREACHABLE", ErrorMessage = "The target page could not be fetched: connection refused" }),
            o => o.WithStrictOrdering());
        receipt.Discrepancies.Should().BeEmpty();
        receipt.IsConsistent.Should().BeTrue();
    }

    [Fact]
    public async Task GetReceiptAsync_JobStillRunning_ThrowsInvalidOperation()
    {
        var client = FakeClockClient();
        var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2"] });
        _clock.Advance(TimeSpan.FromSeconds(2));   // processing: one of two done

        (await FluentActions.Awaiting(() => batch.GetReceiptAsync()).Should().ThrowAsync<InvalidOperationException>())
            .WithMessage($"*{batch.JobId}*still running*");
        _emulator.Requests.Where(r => r.Method == "GET").Should().ContainSingle("the job's status says it runs: no result page is read");
    }

    /// <summary>The classic data-loss report: a job that says <c>completed</c> with a total of 0 (host <c>zero.test</c>). A
    /// batch always holds at least one URL and a crawl at least its seed, so the receipt must say so, whoever asks: the
    /// operation that started the job, one got back from its id with the client's ledger, or one got back from its id
    /// alone (another process, no ledger).</summary>
    [Theory]
    [InlineData("batch", "started")]
    [InlineData("batch", "from its id, with the ledger")]
    [InlineData("batch", "from its id alone")]
    [InlineData("crawl", "started")]
    [InlineData("crawl", "from its id alone")]
    public async Task GetReceiptAsync_JobClaimsCompletionWithZeroResults_ListsTheMismatch(string kind, string operation)
    {
        var ledger = new InMemoryJobLedger(_clock);
        var starter = FakeClockClient(ledger);
        var other = FakeClockClient();
        JobOperation started = kind == "batch"
            ? await starter.StartBatchOperationAsync(new BatchRequest { Urls = ["https://a.zero.test/1", "https://a.zero.test/2", "https://a.zero.test/3"] })
            : await starter.StartCrawlOperationAsync(new CrawlRequest { Url = "https://docs.zero.test/" });
        _clock.Advance(TimeSpan.FromMinutes(5));
        var reader = operation switch
        {
            "started" => started,
            "from its id, with the ledger" => starter.GetBatchOperation(started.JobId),
            _ => kind == "batch" ? other.GetBatchOperation(started.JobId) : other.GetCrawlOperation(started.JobId),
        };

        var receipt = reader switch
        {
            BatchOperation batch => await batch.GetReceiptAsync(),
            CrawlOperation crawl => await crawl.GetReceiptAsync(),
            _ => throw new InvalidOperationException(),
        };

        receipt.Status.Should().Be(JobStatus.Completed);
        (receipt.Succeeded, receipt.ItemsRead).Should().Be((0, 0));
        receipt.IsConsistent.Should().BeFalse($"a {kind} that completed with no result at all for what was submitted is exactly what a receipt is for");
        receipt.Discrepancies.Should().NotBeEmpty();
    }

    /// <summary>The status says the batch completed, 3 of 3, but its result pages answer from an older view: moved back
    /// by the emulator's <c>StaleViewTime</c> (counters backwards), or frozen at a read made while it ran (counters stall).
    /// The first status read of the job's own path is answered as it is (a zero delay fault, tried first); the
    /// profile then shapes every later read.</summary>
    [Theory]
    [InlineData(EmulatorProfile.CountersBackwards)]
    [InlineData(EmulatorProfile.CountersStall)]
    public async Task GetReceiptAsync_ResultsLagBehindCountersThatSayCompleted_ListsTheMismatch(EmulatorProfile profile)
    {
        var client = FakeClockClient();
        var batch = await client.StartBatchOperationAsync(new BatchRequest { Urls = ["https://a.example.test/1", "https://a.example.test/2", "https://a.example.test/3"] });
        _clock.Advance(TimeSpan.FromSeconds(2.5));   // a/1 done, a/2 running, a/3 waiting
        _emulator.Faults.DelayNext("GET /v1/batch/" + batch.JobId, TimeSpan.Zero);
        _emulator.Faults.UseProfile("GET /v1/batch/*", profile, count: 20);
        if (profile == EmulatorProfile.CountersStall)
        {
            // Freeze the view now, by a read of the same job under another spelling of its id (which the first fault,
            // written for the usual spelling, does not match).
            using var http = new HttpClient { BaseAddress = _emulator.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", _emulator.ApiKey);
            var frozen = await http.GetFromJsonAsync<JsonElement>($"v1/batch/{Guid.Parse(batch.JobId):N}?page=1&page_size=1");
            frozen.GetProperty("completed_urls").GetInt32().Should().Be(1);
        }

        _clock.Advance(TimeSpan.FromSeconds(2.5));   // completed at 4 s; now 5 s

        var receipt = await batch.GetReceiptAsync();

        receipt.Status.Should().Be(JobStatus.Completed);
        receipt.Succeeded.Should().BeLessThan(3, "the figures are those of the results actually read");
        receipt.IsConsistent.Should().BeFalse();
        receipt.Discrepancies.Should().Contain(d => d.Contains("the job counts 3", StringComparison.Ordinal), "the counters' 3 completed against fewer read");
    }

    [Fact]
    public async Task ExportAsync_EndedBatch_WritesReceiptJsonBesideTheFiles_EqualToTheResultsReceipt()
    {
        var batch = await fixture.Client.StartBatchOperationAsync(new BatchRequest
        {
            Urls = ["https://a.example.test/1", "https://b.fail.test/2", "not-a-url", "https://c.example.test/3"],
            IgnoreInvalidUrls = true,
            Formats = [OutputFormat.Markdown],
        });

        var result = await batch.ExportAsync(_folder, new ExportOptions { Format = ExportFormat.Jsonl });

        result.ReceiptPath.Should().Be(Path.Combine(_folder, "receipt.json"));
        var written = JsonSerializer.Deserialize<JobReceipt>(await File.ReadAllTextAsync(result.ReceiptPath!), ScraperJson.Options);
        var receipt = result.Receipt!;
        written.Should().BeEquivalentTo(receipt);
        receipt.Should().BeEquivalentTo(await batch.GetReceiptAsync(), "the receipt of the export is the job's receipt");
        (receipt.Submitted, receipt.Succeeded, receipt.Failed, receipt.Invalid).Should().Be((4, 2, 1, 1));
        receipt.IsConsistent.Should().BeTrue();
        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().BeEquivalentTo(".geonode-export.jsonl", "results.jsonl", "receipt.json");
    }

    /// <summary>A job whose own counters stall or go backwards while it runs (hosts <c>stall.test</c>,
    /// <c>backwards.test</c>): the export follows it to the end, and its receipt accounts for every URL once.</summary>
    [Theory]
    [InlineData("stall")]
    [InlineData("backwards")]
    public async Task ExportAsync_JobWhoseCountersStallOrGoBackwards_ReceiptAccountsForEveryUrl(string host)
    {
        var urls = Enumerable.Range(0, 60).Select(i => $"https://www.{host}.test/p/{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var batch = await fixture.Client.StartBatchOperationAsync(new BatchRequest { Urls = urls });

        var result = await batch.ExportAsync(_folder, new ExportOptions { Format = ExportFormat.Jsonl });

        (result.Receipt!.Submitted, result.Receipt.Succeeded, result.Receipt.ItemsRead).Should().Be((60, 60, 60));
        result.Receipt.Discrepancies.Should().BeEmpty();
        File.ReadLines(result.OutputPath!).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("input_index").GetInt32())
            .Should().BeEquivalentTo(Enumerable.Range(0, 60), "every item written once");
    }

    [Fact]
    public async Task ScrapeManyAsync_2500Urls_ReceiptHoldsThreeBatchReceiptsInStartOrder_WhoseSumsMatchTheItemsYielded()
    {
        // Every 10th URL fails; 50 slow pages in the first batch make it end after the (smaller) last one.
        var urls = Enumerable.Range(0, 2500).Select(i => i % 10 == 7
            ? $"https://s{i.ToString(CultureInfo.InvariantCulture)}.fail.test/p"
            : i is > 0 and <= 50 ? $"https://www.slow.test/p/{i.ToString(CultureInfo.InvariantCulture)}"
            : $"https://s{(i % 40).ToString(CultureInfo.InvariantCulture)}.example.test/p/{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var run = fixture.Client.ScrapeManyAsync(urls, new ScrapeManyOptions { BatchSize = 1000, Polling = EmulatorFixture.FastPolling(TimeSpan.FromMinutes(10)) });
        var items = new List<ScrapeManyItem>();
        await foreach (var item in run)
        {
            items.Add(item);
        }

        var receipt = run.Receipt!;
        items.Select(i => i.Index).Should().BeEquivalentTo(Enumerable.Range(0, 2500), "each URL once");
        receipt.Batches.Should().HaveCount(3);
        receipt.Batches.Select(b => b.JobId).Should().Equal(run.BatchJobIds, "ScrapeManyReceipt.Batches is documented to be in the order the batches were started");
        receipt.Batches.Select(b => b.Submitted).Should().Equal(1000, 1000, 500);
        receipt.Batches.Should().OnlyContain(b => b.IsConsistent);
        var succeeded = items.Count(i => i.Item.Status == JobStatus.Completed);
        var failed = items.Where(i => i.Item.Status == JobStatus.Failed).Select(i => i.Item.Url).ToList();
        (receipt.Submitted, receipt.Succeeded, receipt.Failed, receipt.Cancelled, receipt.Missing).Should().Be((2500, succeeded, failed.Count, 0, 0));
        (receipt.Batches.Sum(b => b.Succeeded), receipt.Batches.Sum(b => b.Failed)).Should().Be((succeeded, failed.Count));
        failed.Should().HaveCount(250);
        receipt.FailedUrls.Select(f => f.Url).Should().BeEquivalentTo(failed);
        receipt.TokensCharged.Should().Be(succeeded);
        receipt.IsConsistent.Should().BeTrue();
    }

    private ScraperClient FakeClockClient(IJobLedger? ledger = null)
    {
        var client = new ScraperClient(
            new ScraperClientOptions
            {
                ApiKey = _emulator.ApiKey,
                BaseAddress = _emulator.BaseAddress,
                AttemptTimeout = Timeout.InfiniteTimeSpan,
                JobLedger = ledger,
            },
            new SocketsHttpHandler { AllowAutoRedirect = false },
            _clock);
        _clients.Add(client);
        return client;
    }
}
