using System.Text.Json.Serialization;

namespace Geonode.Scraper.Internal;

/// <summary>The source-generated JSON metadata of every type the SDK reads or writes; no reflection serialization.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ExtractRequest))]
[JsonSerializable(typeof(ExtractResult))]
[JsonSerializable(typeof(ExtractJobAccepted))]
[JsonSerializable(typeof(ExtractJob))]
[JsonSerializable(typeof(JobsEnvelope<ExtractJobSummary>))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchJobAccepted))]
[JsonSerializable(typeof(BatchJob))]
[JsonSerializable(typeof(BatchCancellation))]
[JsonSerializable(typeof(JobsEnvelope<BatchJobSummary>))]
[JsonSerializable(typeof(CrawlRequest))]
[JsonSerializable(typeof(CrawlJobAccepted))]
[JsonSerializable(typeof(CrawlJob))]
[JsonSerializable(typeof(CrawlCancellation))]
[JsonSerializable(typeof(JobsEnvelope<CrawlJobSummary>))]
[JsonSerializable(typeof(MapRequest))]
[JsonSerializable(typeof(MapResult))]
[JsonSerializable(typeof(MapJob))]
[JsonSerializable(typeof(JobsEnvelope<MapJobSummary>))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SearchJob))]
[JsonSerializable(typeof(JobsEnvelope<SearchJob>))]
[JsonSerializable(typeof(UsageInfo))]
[JsonSerializable(typeof(Statistics))]
[JsonSerializable(typeof(WebhookCreateRequest))]
[JsonSerializable(typeof(WebhookUpdateRequest))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(PagedResult<Webhook>))]
[JsonSerializable(typeof(WebhookSecret))]
[JsonSerializable(typeof(PagedResult<WebhookDelivery>))]
[JsonSerializable(typeof(WebhookEvent))]
[JsonSerializable(typeof(ExportManifestLine))]
[JsonSerializable(typeof(JobLedgerLine))]
[JsonSerializable(typeof(JobReceipt))]
internal sealed partial class ScraperJsonContext : JsonSerializerContext
{
}
