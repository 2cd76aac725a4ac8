using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Serialization;

/// <summary>
/// Every response model and every error body, broken at random from the documented fixtures, read through the client over
/// MockHttp (the real read path): the only outcomes are a typed result that keeps its own nullability promises, or
/// <see cref="ScraperResponseException"/> / <see cref="ScraperApiException"/>. Never a bare JsonException, IOException,
/// NullReferenceException, InvalidCastException or the like.
/// </summary>
public sealed class ResponsePropertyTests
{
    private const string Url = "https://example.org/";
    private const string Id = "5c1e9f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6";

    public static readonly Operation[] Operations =
    [
        new("ExtractAsync (sync)", "extract-result-sync.json", c => c.ExtractAsync(new ExtractRequest { Url = Url })),
        new("StartExtractAsync", "extract-accepted.json", c => c.StartExtractAsync(new ExtractRequest { Url = Url })),
        new("GetExtractJobAsync", "extract-job-completed.json", c => c.GetExtractJobAsync(Id)),
        new("ListExtractJobsAsync", "extract-jobs-list.json", c => c.ListExtractJobsAsync()),
        new("ListAllExtractJobsAsync", "extract-jobs-list.json", c => All(c.ListAllExtractJobsAsync())),
        new("StartBatchAsync", "batch-accepted.json", c => c.StartBatchAsync(new BatchRequest { Urls = [Url] })),
        new("GetBatchAsync", "batch-job-processing.json", c => c.GetBatchAsync(Id)),
        new("GetBatchItemsAsync", "batch-job-processing.json", c => All(c.GetBatchItemsAsync(Id))),
        new("CancelBatchAsync", "batch-cancelled.json", c => c.CancelBatchAsync(Id)),
        new("ListAllBatchJobsAsync", "batch-jobs-list.json", c => All(c.ListAllBatchJobsAsync())),
        new("StartCrawlAsync", "crawl-accepted.json", c => c.StartCrawlAsync(new CrawlRequest { Url = Url })),
        new("GetCrawlAsync", "crawl-job-processing.json", c => c.GetCrawlAsync(Id)),
        new("GetCrawlPagesAsync", "crawl-job-processing.json", c => All(c.GetCrawlPagesAsync(Id))),
        new("CancelCrawlAsync", "crawl-cancelled.json", c => c.CancelCrawlAsync(Id)),
        new("ListAllCrawlJobsAsync", "crawl-jobs-list.json", c => All(c.ListAllCrawlJobsAsync())),
        new("MapAsync", "map-result.json", c => c.MapAsync(new MapRequest { Url = Url })),
        new("GetMapJobAsync", "map-job.json", c => c.GetMapJobAsync(Id)),
        new("ListAllMapJobsAsync", "map-jobs-list.json", c => All(c.ListAllMapJobsAsync())),
        new("SearchAsync", "search-response.json", c => c.SearchAsync(new SearchRequest { Query = "q" })),
        new("GetSearchJobAsync", "search-job.json", c => c.GetSearchJobAsync(Id)),
        new("ListAllSearchJobsAsync", "search-jobs-list.json", c => All(c.ListAllSearchJobsAsync())),
        new("GetUsageAsync", "usage.json", c => c.GetUsageAsync()),
        new("GetStatisticsAsync", "statistics.json", c => c.GetStatisticsAsync(TestClock.Epoch.AddDays(-7), TestClock.Epoch)),
        new("CheckHealthAsync", "usage.json", c => c.CheckHealthAsync()),
        new("CreateWebhookAsync", "webhook-created.json", c => c.CreateWebhookAsync(new WebhookCreateRequest { Url = Url, EventType = WebhookEventType.CrawlCompleted })),
        new("GetWebhookAsync", "webhook-created.json", c => c.GetWebhookAsync(Id)),
        new("UpdateWebhookAsync", "webhook-created.json", c => c.UpdateWebhookAsync(Id, new WebhookUpdateRequest { IsActive = false })),
        new("ListAllWebhooksAsync", "webhooks-list.json", c => All(c.ListAllWebhooksAsync())),
        new("RotateWebhookSecretAsync", "webhook-secret.json", c => c.RotateWebhookSecretAsync(Id)),
        new("ListAllWebhookDeliveriesAsync", "webhook-deliveries.json", c => All(c.ListAllWebhookDeliveriesAsync(Id))),
        new("DeleteWebhookAsync", "webhook-secret.json", async c => await c.DeleteWebhookAsync(Id)),
    ];

    private static readonly HttpStatusCode[] ErrorStatuses =
    [
        HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.PaymentRequired, HttpStatusCode.Forbidden, HttpStatusCode.NotFound,
        HttpStatusCode.RequestTimeout, HttpStatusCode.Conflict, (HttpStatusCode)418, (HttpStatusCode)422, HttpStatusCode.TooManyRequests,
        HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    public static TheoryData<string> OperationNames => [.. Operations.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Fixture_Unmutated_IsReadAsATypedResult(string operation)
    {
        // The seeds must read cleanly, or the properties below would only ever see errors.
        var op = Operations.Single(o => o.Name == operation);

        var result = await Call(op, HttpStatusCode.OK, Encoding.UTF8.GetBytes(TestClient.Fixture(op.Fixture)));

        NullContract.Violations(result).Should().BeEmpty();
    }

    [Property(MaxTest = 600)]
    public Property SuccessBody_AnyMutation_IsATypedResultOrScraperResponseException() => Prop.ForAll(
        (from op in Gen.Elements(Operations)
         from kind in Gen.Elements(JsonMutator.Kinds)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Case(op, HttpStatusCode.OK, op.Fixture, kind, seed)).ToArbitrary(),
        c => Outcome(c).Should().BeNull());

    [Property(MaxTest = 100)]
    public Property SuccessBody_UnknownFieldsInEveryObject_AreIgnored() => Prop.ForAll(
        (from op in Gen.Elements(Operations)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Case(op, HttpStatusCode.OK, op.Fixture, "unknown fields", seed)).ToArbitrary(),
        c => NullContract.Violations(Call(c.Operation, c.Status, JsonMutator.Mutate(TestClient.Fixture(c.Fixture), c.Mutation, c.Seed)).GetAwaiter().GetResult()).Should().BeEmpty());

    /// <summary>The operations that read one model with nullable fields (not lists of them, not raw bodies).</summary>
    public static TheoryData<string> ModelOperationNames => [.. Operations.Where(o => !o.Name.StartsWith("ListAll", StringComparison.Ordinal) && !o.Name.EndsWith("ItemsAsync", StringComparison.Ordinal)
        && !o.Name.EndsWith("PagesAsync", StringComparison.Ordinal) && o.Name is not ("CheckHealthAsync" or "DeleteWebhookAsync" or "RotateWebhookSecretAsync" or "GetStatisticsAsync")).Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(ModelOperationNames))]
    public async Task Fixture_NullInEveryNullableField_IsReadAsATypedResult(string operation)
    {
        var op = Operations.Single(o => o.Name == operation);
        var model = (await Call(op, HttpStatusCode.OK, Encoding.UTF8.GetBytes(TestClient.Fixture(op.Fixture))))!.GetType();
        var json = JsonNode.Parse(TestClient.Fixture(op.Fixture))!;

        var nulled = NullEveryNullableField(json, model, new NullabilityInfoContext());
        var result = await Call(op, HttpStatusCode.OK, Encoding.UTF8.GetBytes(json.ToJsonString()));

        nulled.Should().BePositive("the fixture has nullable fields");
        NullContract.Violations(result).Should().BeEmpty();
    }

    /// <summary>Sets to null every field of <paramref name="node"/> that its model declares nullable, at every depth.</summary>
    private static int NullEveryNullableField(JsonNode? node, Type model, NullabilityInfoContext context)
    {
        if (node is JsonArray array)
        {
            var element = model.IsGenericType ? model.GetGenericArguments()[0] : model;
            return array.Sum(item => NullEveryNullableField(item, element, context));
        }

        if (node is not JsonObject obj)
        {
            return 0;
        }

        var count = 0;
        foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? (property.Name == "Items" && obj.ContainsKey("jobs") ? "jobs" : JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            if (!obj.ContainsKey(name))
            {
                continue;
            }

            if (Nullable.GetUnderlyingType(property.PropertyType) is not null || context.Create(property).WriteState == NullabilityState.Nullable)
            {
                obj[name] = null;
                count++;
            }
            else
            {
                count += NullEveryNullableField(obj[name], property.PropertyType, context);
            }
        }

        return count;
    }

    [Property(MaxTest = 300)]
    public Property ErrorStatus_AnyBody_IsScraperApiExceptionWithThatStatus() => Prop.ForAll(
        (from op in Gen.Elements(Operations)
         from status in Gen.Elements(ErrorStatuses)
         from fixture in Gen.Elements("error-envelope.json", "error-validation.json", op.Fixture)
         from kind in Gen.Elements(JsonMutator.Kinds)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Case(op, status, fixture, kind, seed)).ToArbitrary(),
        c => Outcome(c).Should().BeNull());

    [Property(MaxTest = 200)]
    public Property WebhookEvent_AnyMutationSignedCorrectly_IsATypedEventOrWebhookVerificationException() => Prop.ForAll(
        (from kind in Gen.Elements(JsonMutator.Kinds)
         from seed in Gen.Choose(0, int.MaxValue)
         select (kind, seed)).ToArbitrary(),
        c =>
        {
            const string secret = "whsec_property";
            var body = JsonMutator.Mutate(TestClient.Fixture("webhook-event.json"), c.kind, c.seed);
            try
            {
                var webhookEvent = WebhookEvent.Parse(secret, body, "sha256=" + TestSignature.Hex(secret, body));
                NullContract.Violations(webhookEvent).Should().BeEmpty();
                NullContract.Violations(webhookEvent.GetExtractJob()).Should().BeEmpty();
            }
            catch (WebhookVerificationException)
            {
            }
        });

    /// <summary>Runs one case; returns what went wrong, or <see langword="null"/> when the outcome is allowed.</summary>
    private static string? Outcome(Case c)
    {
        var body = JsonMutator.Mutate(TestClient.Fixture(c.Fixture), c.Mutation, c.Seed);
        try
        {
            var result = Call(c.Operation, c.Status, body).GetAwaiter().GetResult();
            // A delete that finds the webhook gone has what it asked for: false, not an error (IScraperClient.DeleteWebhookAsync).
            if ((int)c.Status >= 400 && c.Operation.Name != "CheckHealthAsync" && !(c.Operation.Name == "DeleteWebhookAsync" && c.Status == HttpStatusCode.NotFound))
            {
                return $"{c}: HTTP {(int)c.Status} produced a result instead of an exception";
            }

            var holes = NullContract.Violations(result);
            return holes.Count == 0 ? null : $"{c}: the typed result breaks its nullability: {string.Join("; ", holes)}";
        }
        catch (ScraperApiException ex) when (ex.StatusCode == c.Status)
        {
            return null;
        }
        catch (ScraperResponseException) when ((int)c.Status < 400)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"{c}: {ex.GetType().Name} escaped: {ex.Message} at {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}\nBody: {Preview(body)}";
        }
    }

    private static async Task<object?> Call(Operation op, HttpStatusCode status, byte[] body)
    {
        var handler = new LambdaHandler((_, _) =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(status) { Content = content });
        });
        using var t = new TestClient(o => o.Retry.MaxRetries = 0, handler);
        return await op.Call(t.Client);
    }

    private static async Task<object?> All<T>(IAsyncEnumerable<T> items) => await TestClient.ToListAsync(items);

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    public sealed record Operation(string Name, string Fixture, Func<ScraperClient, Task<object?>> Invoke)
    {
        public Operation(string name, string fixture, Func<ScraperClient, Task> call)
            : this(name, fixture, async c =>
            {
                var task = call(c);
                await task;
                return task.GetType().GetProperty("Result")?.GetValue(task);
            })
        {
        }

        public Task<object?> Call(ScraperClient client) => Invoke(client);

        public override string ToString() => Name;
    }

    public sealed record Case(Operation Operation, HttpStatusCode Status, string Fixture, string Mutation, int Seed)
    {
        public override string ToString() => $"{Operation.Name} answered HTTP {(int)Status} with {Fixture} ({Mutation}, seed {Seed})";
    }
}
