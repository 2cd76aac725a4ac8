using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Geonode.Scraper.Tests.Security;

/// <summary>
/// The API key, echoed back by a hostile or careless server in every place a response has (error bodies, job errors,
/// headers, HTML pages), reaches none of: a log line at any level, an exception (message, ToString, any string property),
/// the ToString of any public type, a span or its events, a metric tag. Listens to the process-wide ActivitySource and
/// Meter, so it runs alone.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretsTests
{
    private const string Key = TestClient.ApiKey;
    private const string JobUrl = TestClient.Base + "v1/extract/j1";
    private const string BatchUrl = TestClient.Base + "v1/batch/b1?page=1&page_size=1";

    private static readonly string Echo = $$"""{"code":"ECHO","message":"your key {{Key}} was refused","correlation_id":"{{Key}}","retryable":true,"detail":[{"loc":["header","{{Key}}"],"msg":"bad key {{Key}}","type":"{{Key}}"}]}""";

    // A sync extract's 422 without a detail list is ExtractionFailedException.
    private static readonly string EchoWithoutDetail = $$$"""{"error":{"code":"TARGET_{{{Key}}}","message":"your key {{{Key}}} was refused","correlation_id":"{{{Key}}}"}}""";

    [Fact]
    public async Task KeyEchoedByTheServer_AppearsInNoLogExceptionToStringSpanOrMetric()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Geonode.Scraper").AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter("Geonode.Scraper").AddInMemoryExporter(metrics).Build();
        var logger = new FakeLogger<ScraperClient>();
        var exceptions = new List<Exception>();
        var results = new List<object?>();

        foreach (var status in new[] { 400, 401, 402, 403, 404, 408, 409, 418, 422, 429, 500, 503 })
        {
            using var t = new TestClient(o => { o.Retry.MaxRetries = 1; o.Polling.MaxConsecutiveErrors = 2; }, logger: logger);
            t.Respond(HttpMethod.Get, JobUrl, EchoingError(status));
            t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", EchoingError(status, EchoWithoutDetail));
            t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", EchoingError(status));
            t.Respond(HttpMethod.Get, BatchUrl, EchoingError(status));
            await Capture(t.Run(t.Client.GetExtractJobAsync("j1")));
            await Capture(t.Run(t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/" })));
            await Capture(t.Run(t.Client.CancelBatchAsync("b1")));
            await Capture(t.Run(t.Client.WaitForBatchAsync("b1")));
        }

        using (var t = new TestClient(o => o.Polling.Timeout = TimeSpan.FromSeconds(5), logger: logger))
        {
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/failed", TestClient.Json(TestClient.Job("failed", "failed", $$$""", "error": {"code":"{{{Key}}}","message":"target echoed {{{Key}}}","retryable":true,"details":{"k":"{{{Key}}}"}}""")));
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/cancelled", TestClient.Json(TestClient.Job("cancelled", "cancelled")));
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/stuck", TestClient.Json(TestClient.Job("stuck", "processing")));
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/html", TestClient.Status(HttpStatusCode.OK, $"<html>proxy login for {Key}</html>", "text/html"));
            t.Respond(HttpMethod.Get, TestClient.Base + "health", TestClient.Status(HttpStatusCode.OK, $"ok {Key}", "text/plain"));
            await Capture(t.Run(t.Client.WaitForExtractJobAsync("failed")));
            await Capture(t.Run(t.Client.WaitForExtractJobAsync("cancelled")));
            await Capture(t.Run(t.Client.WaitForExtractJobAsync("stuck")));
            await Capture(t.Run(t.Client.GetExtractJobAsync("html")));
            await Capture(t.Run(t.Client.CheckHealthAsync()));
            await Capture(Task.Run(() => WebhookEvent.Parse(Key, "{}"u8.ToArray(), "sha256=00")));
        }

        // A POST whose answer is lost, with a job ledger: the search on the job list finds nothing to return.
        var ledgerPath = Path.Combine(Path.GetTempPath(), "geonode-secrets-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using (var t = new TestClient(o => o.JobLedger = new FileJobLedger(ledgerPath), logger: logger))
        {
            t.Respond(HttpMethod.Post, TestClient.Base + "v1/crawl", TestClient.NetworkFailure());
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs*", TestClient.Json("{\"jobs\":[],\"page\":1,\"page_size\":100,\"page_count\":1}"));
            await Capture(t.Run(t.Client.StartCrawlAsync(new CrawlRequest { Url = "https://example.org/" })));
            File.ReadAllText(ledgerPath).Should().NotContain(Key);
            File.Delete(ledgerPath);
            File.Delete(ledgerPath + ".lock");
        }

        using (var t = new TestClient(logger: logger))
        {
            t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/over?page=1&page_size=1", TestClient.Json(TestClient.Job("over", "processing", ""","token_summary":{"tokens_charged_total":9,"tokens_reserved":0}""")));
            t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/over", EchoingError(409));
            FakeCrawl.WithFailedPages(t, "c1", 1001);
            t.Sequence(HttpMethod.Post, TestClient.Base + "v1/batch", FakeCrawl.Accepted("r1", 1000), EchoingError(422));
            await Capture(t.Run(t.Client.GetBatchOperation("over").WaitForCompletionAsync(new JobWaitOptions { Budget = new TokenBudget { MaxTokens = 1 } })));
            await Capture(t.Run(t.Client.GetCrawlOperation("c1").RerunFailedAsync()));
            var occupied = Directory.CreateTempSubdirectory("geonode-secrets-").FullName;
            File.WriteAllText(Path.Combine(occupied, "mine.txt"), "not the SDK's");
            await Capture(t.Client.GetCrawlOperation("c1").ExportAsync(occupied));
            Directory.Delete(occupied, recursive: true);
        }

        tracing.ForceFlush();
        metering.ForceFlush();

        exceptions.Select(e => e.GetType()).Distinct().Should().Contain(PublicExceptionTypes(), "every exception the SDK throws is checked");
        exceptions.Should().AllSatisfy(e => Texts(e).Should().NotContain(s => s.Contains(Key, StringComparison.Ordinal), $"{e.GetType().Name} must not carry the key"));
        results.Should().AllSatisfy(r => Texts(r).Should().NotContain(s => s.Contains(Key, StringComparison.Ordinal)));

        var logs = logger.Collector.GetSnapshot();
        logs.Select(r => r.Level).Distinct().Should().HaveCountGreaterThan(2, "logs at several levels are checked");
        logs.Should().AllSatisfy(r => new[] { r.Message, r.Exception?.ToString() ?? string.Empty }
            .Concat(r.StructuredState?.Select(s => s.Value ?? string.Empty) ?? [])
            .Should().NotContain(s => s.Contains(Key, StringComparison.Ordinal)));

        spans.Should().NotBeEmpty();
        spans.SelectMany(a => new[] { a.DisplayName, a.StatusDescription ?? string.Empty }
                .Concat(a.TagObjects.Select(tag => tag.Value?.ToString() ?? string.Empty))
                .Concat(a.Events.SelectMany(e => e.Tags.Select(tag => tag.Value?.ToString() ?? string.Empty))))
            .Should().NotContain(s => s.Contains(Key, StringComparison.Ordinal));
        MetricTags(metrics).Should().NotBeEmpty().And.NotContain(s => s.Contains(Key, StringComparison.Ordinal));

        async Task Capture<T>(Task<T> call)
        {
            try
            {
                results.Add(await call);
            }
            catch (Exception ex)
            {
                exceptions.Add(ex);
            }
        }
    }

    [Fact]
    public void ToString_OfEveryPublicType_NeverShowsTheKey()
    {
        var options = new ScraperClientOptions { ApiKey = Key, BaseAddress = new Uri("https://api.test/") };
        using var client = new ScraperClient(options);
        var built = new List<object>
        {
            options, options.Retry, options.Polling, client,
            client.GetBatchOperation("b1"), client.GetCrawlOperation("c1"), client.GetExtractOperation("e1"), client.ScrapeManyAsync(["https://a.test/"]),
        };
        var skipped = new List<Type>();
        foreach (var type in typeof(ScraperClient).Assembly.GetExportedTypes().Where(t => !t.IsAbstract && !t.IsInterface && !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t)))
        {
            var concrete = type.IsGenericTypeDefinition ? type.MakeGenericType(type.GetGenericArguments().Select(_ => typeof(string)).ToArray()) : type;
            if (built.Any(b => b.GetType() == concrete))
            {
                continue;
            }

            if (Construct(concrete) is { } instance)
            {
                built.Add(instance);
            }
            else
            {
                skipped.Add(concrete);
            }
        }

        built.Should().AllSatisfy(o => o.ToString().Should().NotContain(Key, $"{o.GetType().Name}.ToString()"));

        skipped.Should().BeEmpty("every public type is built and its ToString checked");
    }

    private static Func<HttpResponseMessage> EchoingError(int status, string? body = null) => () =>
    {
        var response = TestClient.Status((HttpStatusCode)status, body ?? Echo)();
        response.Headers.TryAddWithoutValidation("X-Correlation-Id", Key);
        response.Headers.TryAddWithoutValidation("X-Request-Id", Key);
        response.Headers.Location = new Uri("https://elsewhere.test/?key=" + Key);
        if (status == 429)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", "120");
        }

        return response;
    };

    /// <summary>Every exception type the SDK throws (ScraperException is only their base).</summary>
    private static IEnumerable<Type> PublicExceptionTypes() =>
        typeof(ScraperClient).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract && t != typeof(ScraperException));

    /// <summary>ToString, and every public string (or string-bearing) member, one level deep; not a job exception's last
    /// snapshot, which is the job exactly as the server sent it.</summary>
    private static IEnumerable<string> Texts(object? value)
    {
        if (value is null)
        {
            yield break;
        }

        yield return value.ToString() ?? string.Empty;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? member;
            try
            {
                member = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            if (member is string or Exception or IEnumerable)
            {
                yield return member is IEnumerable items and not string ? string.Join("|", items.Cast<object?>()) : member.ToString() ?? string.Empty;
            }
            else if (member is not null && member.GetType().Assembly == typeof(ScraperClient).Assembly && property.Name != nameof(JobException.LastSnapshot))
            {
                yield return member.ToString() ?? string.Empty;
            }
        }
    }

    private static IEnumerable<string> MetricTags(List<Metric> metrics)
    {
        var tags = new List<string>();
        foreach (var metric in metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }
            }
        }

        return tags;
    }

    /// <summary>An instance built with the key wherever the type takes a string (its constructor or settable members).</summary>
    private static object? Construct(Type type)
    {
        try
        {
            var ctor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault();
            var instance = ctor is null
                ? (type.IsValueType ? Activator.CreateInstance(type) : null)
                : ctor.Invoke(ctor.GetParameters().Select(p => Sample(p.ParameterType)).ToArray());
            if (instance is null)
            {
                return null;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.PropertyType == typeof(string)))
            {
                property.SetValue(instance, "https://example.org/");
            }

            return instance;
        }
        catch (Exception ex) when (ex is TargetInvocationException or ArgumentException or NotSupportedException or MemberAccessException)
        {
            return null;
        }
    }

    private static object? Sample(Type type) =>
        type == typeof(string) ? "sample"
        : type == typeof(ScraperClientOptions) ? new ScraperClientOptions { ApiKey = Key }
        : type == typeof(JobLedgerEntry) ? new JobLedgerEntry { EntryId = "e1", Kind = JobLedgerEntry.CrawlKind, Url = "https://example.org/" }
        : type == typeof(IReadOnlyList<IScraperJob>) ? Array.Empty<IScraperJob>()
        : type.IsValueType ? Activator.CreateInstance(type) : null;
}
