using System.Text.Json;
using Geonode.Scraper.Tests.Serialization;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Webhooks;

/// <summary>PATCH semantics of <see cref="WebhookUpdateRequest.Description"/>: unset stays off the wire, null clears, a value sets.</summary>
public sealed class WebhookUpdateWireTests
{
    private const string WebhookJson = """
        { "id": "w1", "url": "https://hooks.example.dev/geonode", "description": null, "is_active": true,
          "event_type": "crawl_completed", "created_at": "2026-09-02T08:00:00Z", "updated_at": "2026-09-02T08:00:00Z" }
        """;

    public static TheoryData<string, WebhookUpdateRequest, string> Cases => new()
    {
        { "unset", new WebhookUpdateRequest { IsActive = false }, """{"is_active":false}""" },
        { "null", new WebhookUpdateRequest { Description = null }, """{"description":null}""" },
        { "value", new WebhookUpdateRequest { Description = "crawl finisher", EventType = WebhookEventType.BatchCompleted }, """{"description":"crawl finisher","event_type":"batch_completed"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UpdateWebhookAsync_Description_IsSentExactlyAsSet(string name, WebhookUpdateRequest request, string expectedBody)
    {
        using var t = new TestClient();
        t.Respond(new HttpMethod("PATCH"), TestClient.Base + "v1/webhooks/w1", TestClient.Json(WebhookJson));

        await t.Client.UpdateWebhookAsync("w1", request);

        t.Requests.Single().Body.Should().Be(expectedBody, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UserJsonContext_WritesTheSameWire(string name, WebhookUpdateRequest request, string expectedBody) =>
        JsonSerializer.Serialize(request, UserJsonContext.Default.WebhookUpdateRequest).Should().Be(expectedBody, name);

    [Fact]
    public void UserJsonContext_ReadsNullAsSetAndMissingAsUnset()
    {
        var cleared = JsonSerializer.Deserialize("""{"description":null}""", UserJsonContext.Default.WebhookUpdateRequest)!;
        var untouched = JsonSerializer.Deserialize("""{"is_active":true}""", UserJsonContext.Default.WebhookUpdateRequest)!;
        var set = JsonSerializer.Deserialize("""{"description":"x"}""", UserJsonContext.Default.WebhookUpdateRequest)!;

        cleared.Description.IsSet.Should().BeTrue();
        cleared.Description.Value.Should().BeNull();
        untouched.Description.IsSet.Should().BeFalse();
        set.Description.Value.Should().Be("x");
    }

    [Fact]
    public void UserJsonContext_ReadsExtensibleEnumsOfTheSdkModels()
    {
        var job = JsonSerializer.Deserialize(TestClient.Fixture("batch-job-processing.json"), UserJsonContext.Default.BatchJob)!;

        job.Status.Should().Be(JobStatus.Processing);
        JsonSerializer.Serialize(new ExtractRequest { Url = "https://a.example/", Formats = [OutputFormat.Html], ProcessingMode = ProcessingMode.Async }, UserJsonContext.Default.ExtractRequest)
            .Should().Be("""{"url":"https://a.example/","formats":["html"],"processing_mode":"async"}""");
    }

    [Fact]
    public void OptionalValue_DistinguishesUnsetNullAndValue()
    {
        OptionalValue<string?> unset = default;
        OptionalValue<string?> cleared = null;
        OptionalValue<string?> set = "x";

        unset.IsSet.Should().BeFalse();
        unset.ToString().Should().Be("unset");
        FluentActions.Invoking(() => unset.Value).Should().Throw<InvalidOperationException>();
        unset.GetValueOrDefault("fallback").Should().Be("fallback");
        cleared.IsSet.Should().BeTrue();
        cleared.Value.Should().BeNull();
        cleared.ToString().Should().Be("null");
        set.Value.Should().Be("x");
        (cleared == unset).Should().BeFalse();
        (set == new OptionalValue<string?>("x")).Should().BeTrue();
        new WebhookUpdateRequest().Should().Be(new WebhookUpdateRequest { Description = default });
    }

    [Fact]
    public void OptionalValueJsonConverter_RefusesToWriteUnset()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = UserJsonContext.Default };
        options.Converters.Add(new OptionalValueJsonConverter<string>());

        FluentActions.Invoking(() => JsonSerializer.Serialize(default(OptionalValue<string>), options.GetTypeInfo(typeof(OptionalValue<string>))))
            .Should().Throw<JsonException>().WithMessage("*unset*");
    }
}
