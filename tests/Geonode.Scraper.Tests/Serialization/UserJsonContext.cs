using System.Text.Json.Serialization;

namespace Geonode.Scraper.Tests.Serialization;

/// <summary>What a user's trimmed or AOT app does: its own source-generated context over the SDK's public models. It
/// compiles (warnings are errors here, so an inaccessible converter, SYSLIB1220, would fail the build) and works.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExtractRequest))]
[JsonSerializable(typeof(ExtractJob))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchJob))]
[JsonSerializable(typeof(CrawlJob))]
[JsonSerializable(typeof(MapJob))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(SearchJob))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(WebhookUpdateRequest))]
[JsonSerializable(typeof(WebhookDelivery))]
internal sealed partial class UserJsonContext : JsonSerializerContext
{
}
