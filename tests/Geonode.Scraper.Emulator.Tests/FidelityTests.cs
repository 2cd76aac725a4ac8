using System.Net;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>Status codes, error bodies and answer shapes that API.md states and an SDK must cope with.</summary>
public sealed class FidelityTests
{
    private const string UnknownId = "0b7d6a52-3f1e-4f0e-9a55-1c2d3e4f5a6b";

    [Theory]
    [InlineData("GET", "/v1/crawl/" + UnknownId)]
    [InlineData("DELETE", "/v1/crawl/" + UnknownId)]
    [InlineData("GET", "/v1/map/" + UnknownId)]
    public async Task NotFound_OnCrawlAndMap_HasAnEmptyBody(string method, string path)
    {
        await using var api = await Api.StartAsync();

        var answer = await api.SendAsync(new HttpMethod(method), path);

        answer.Status.Should().Be(HttpStatusCode.NotFound);
        answer.Text.Should().BeEmpty("the generated docs show \"Empty\" for these (API.md §11.1)");
        answer.ContentType.Should().BeNull();
    }

    [Theory]
    [InlineData("GET", "/v1/batch/" + UnknownId)]
    [InlineData("DELETE", "/v1/batch/" + UnknownId)]
    [InlineData("GET", "/v1/extract/" + UnknownId)]
    [InlineData("GET", "/v1/extract/not-a-uuid")]
    [InlineData("GET", "/v1/search/not-a-uuid")]
    [InlineData("GET", "/v1/webhooks/" + UnknownId)]
    public async Task NotFound_Elsewhere_HasTheErrorEnvelope(string method, string path)
    {
        await using var api = await Api.StartAsync();

        var answer = await api.SendAsync(new HttpMethod(method), path);

        answer.Status.Should().Be(HttpStatusCode.NotFound);
        answer.Get("code").Should().Be("NOT_FOUND");
        answer.Json!["retryable"]!.GetValue<bool>().Should().BeFalse();
        answer.Get("correlation_id").Should().StartWith("emu-");
    }

    [Theory]
    [InlineData("GET", "/v1/crawl/abc", "job_id")]
    [InlineData("DELETE", "/v1/crawl/abc", "job_id")]
    [InlineData("GET", "/v1/map/12345", "job_id")]
    [InlineData("GET", "/v1/batch/not-a-uuid", "job_id")]
    [InlineData("DELETE", "/v1/batch/zz", "job_id")]
    [InlineData("GET", "/v1/webhooks/nope", "webhook_id")]
    [InlineData("PATCH", "/v1/webhooks/nope", "webhook_id")]
    [InlineData("DELETE", "/v1/webhooks/nope", "webhook_id")]
    [InlineData("POST", "/v1/webhooks/nope/rotate-secret", "webhook_id")]
    [InlineData("GET", "/v1/webhooks/nope/deliveries", "webhook_id")]
    public async Task NonUuidPathId_WhereTheDocsSayUuid_IsAFastApi422(string method, string path, string parameter)
    {
        await using var api = await Api.StartAsync();

        var answer = await api.SendAsync(new HttpMethod(method), path, method is "PATCH" ? "{}" : null);

        answer.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = answer.Array("detail").Should().ContainSingle().Subject!;
        problem["loc"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("path", parameter);
        problem["type"]!.GetValue<string>().Should().Be("uuid_parsing");
        problem["msg"]!.GetValue<string>().Should().StartWith("Input should be a valid UUID");
    }

    [Fact]
    public async Task UuidPathId_InAnotherSpelling_FindsTheJob()
    {
        await using var api = await Api.StartAsync();
        var id = await api.StartBatchAsync("https://a.example.test/");

        var answer = await api.GetAsync($"/v1/batch/{id.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal)}");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Get("job_id").Should().Be(id);
    }

    [Theory]
    [InlineData("sync", HttpStatusCode.Accepted)]
    [InlineData("async", HttpStatusCode.Accepted)]
    [InlineData("later", HttpStatusCode.UnprocessableEntity)]
    public async Task Batch_ProcessingMode_IsAcceptedAndValidated(string mode, HttpStatusCode expected)
    {
        await using var api = await Api.StartAsync();

        var answer = await api.PostAsync("/v1/batch", new JsonObject { ["urls"] = new JsonArray("https://a.example.test/"), ["processing_mode"] = mode });

        answer.Status.Should().Be(expected);
        if (expected == HttpStatusCode.UnprocessableEntity)
        {
            answer.Array("detail")[0]!["loc"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("body", "processing_mode");
        }
    }

    [Fact]
    public async Task WebhookPatch_AbsentFieldIsUnchanged_ExplicitNullClearsTheDescription()
    {
        await using var api = await Api.StartAsync();
        var id = (await api.PostAsync("/v1/webhooks", """{"url": "https://hooks.example.dev/x", "event_type": "batch_completed", "description": "keep me"}""")).Get("id");

        var untouched = await api.PatchAsync($"/v1/webhooks/{id}", """{"is_active": false}""");
        var nullUrl = await api.PatchAsync($"/v1/webhooks/{id}", """{"url": null, "event_type": null}""");
        var cleared = await api.PatchAsync($"/v1/webhooks/{id}", """{"description": null}""");
        var read = await api.GetAsync($"/v1/webhooks/{id}");

        untouched.Get("description").Should().Be("keep me");
        untouched.Json!["is_active"]!.GetValue<bool>().Should().BeFalse();
        nullUrl.Get("url").Should().Be("https://hooks.example.dev/x", "a webhook cannot lose its URL");
        nullUrl.Get("event_type").Should().Be("batch_completed");
        nullUrl.Get("description").Should().Be("keep me");
        cleared.Json!.AsObject().Should().ContainKey("description");
        cleared.Json!["description"].Should().BeNull();
        read.Json!["description"].Should().BeNull();
        read.Json!.AsObject().Should().NotContainKey("secret");
    }

    [Fact]
    public async Task CrawlDepth_AboveThePlanCap_IsAValidationErrorByDefault()
    {
        await using var api = await Api.StartAsync();

        var capped = await api.PostAsync("/v1/crawl", """{"url": "https://docs.example.test/", "depth": 6}""");
        var allowed = await api.PostAsync("/v1/crawl", """{"url": "https://docs.example.test/", "depth": 5}""");
        var beyondTheApi = await api.PostAsync("/v1/crawl", """{"url": "https://docs.example.test/", "depth": 11}""");

        capped.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        capped.Get("code").Should().Be("VALIDATION_ERROR");
        capped.Json!["retryable"]!.GetValue<bool>().Should().BeFalse();
        capped.Json!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("code", "message", "correlation_id", "retryable");
        allowed.Status.Should().Be(HttpStatusCode.Accepted);
        beyondTheApi.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        beyondTheApi.Array("detail")[0]!["type"]!.GetValue<string>().Should().Be("less_than_equal");
        api.Emulator.CreatedJobs.Should().ContainSingle("only the allowed crawl was started");
    }

    [Fact]
    public async Task Map_AnswersOnlyTheDocumentedFields_AndTheJobIsStillListed()
    {
        await using var api = await Api.StartAsync();

        var map = await api.PostAsync("/v1/map", """{"url": "https://docs.example.test/"}""");
        var listed = await api.GetAsync("/v1/map/jobs");
        var detail = await api.GetAsync($"/v1/map/{listed.Array("jobs")[0]!["job_id"]!.GetValue<string>()}");

        map.Status.Should().Be(HttpStatusCode.OK);
        map.Json!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("success", "links", "warning");
        listed.Array("jobs").Should().ContainSingle();
        detail.Array("links").Should().HaveCount(map.Array("links").Count);
    }

    [Fact]
    public async Task Usage_AnswersTheGuessedFieldsOnly()
    {
        await using var api = await Api.StartAsync(o => o.ConcurrencyLimit = 7);
        await api.StartBatchAsync("https://a.example.test/");

        var usage = await api.GetAsync("/v1/usage");

        usage.Json!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("concurrency_in_use", "concurrency_limit");
        (usage.Int("concurrency_in_use"), usage.Int("concurrency_limit")).Should().Be((1, 7));
    }

    [Fact]
    public async Task WrongKey_Is401WithTheEnvelope_HealthNeedsNoKey()
    {
        await using var api = await Api.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = api.Emulator.BaseAddress };

        using var usage = await anonymous.GetAsync("v1/usage");
        using var health = await anonymous.GetAsync("health");

        usage.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Answer.ReadAsync(usage)).Get("code").Should().Be("UNAUTHORIZED");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/v1/batch", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/v1/extract/" + UnknownId, HttpStatusCode.MethodNotAllowed)]
    public async Task UnknownRoutes_AnswerLikeFastApi(string method, string path, HttpStatusCode expected)
    {
        await using var api = await Api.StartAsync();

        var answer = await api.SendAsync(new HttpMethod(method), path);

        answer.Status.Should().Be(expected);
        answer.Json!["detail"]!.GetValue<string>().Should().NotBeEmpty();
    }
}
