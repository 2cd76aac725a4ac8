using System.Text;
using System.Text.Json.Nodes;

namespace Geonode.Scraper.Benchmarks;

internal static class Payloads
{
    /// <summary>A batch status page in the documented shape, with <paramref name="items"/> completed items.</summary>
    public static string BatchPage(int items, int markdownChars)
    {
        var markdown = new StringBuilder("# Page\n\n");
        while (markdown.Length < markdownChars)
        {
            markdown.Append("Lorem ipsum dolor sit amet, \"quoted\" text with a [link](https://example.com/x) and ü.\n");
        }

        var results = new JsonArray();
        for (var i = 0; i < items; i++)
        {
            results.Add((JsonNode)new JsonObject
            {
                ["input_index"] = i,
                ["url"] = $"https://quotes.toscrape.com/page/{i}/",
                ["status"] = "completed",
                ["error_code"] = null,
                ["error_message"] = null,
                ["data"] = new JsonObject { ["markdown"] = markdown.ToString(), ["html"] = null, ["links"] = null },
                ["metadata"] = new JsonObject { ["http_status"] = 200, ["duration_ms"] = 842, ["retry_count"] = 0, ["tokens_charged"] = 1 },
            });
        }

        return new JsonObject
        {
            ["job_id"] = "9d7b2c8e-8a4b-4c10-9af3-65f4f8f6c019",
            ["status"] = "processing",
            ["batch_config"] = new JsonObject { ["render_js"] = false, ["formats"] = new JsonArray("markdown"), ["proxy"] = new JsonObject { ["country"] = "US", ["type"] = "residential" }, ["headers"] = null },
            ["token_summary"] = new JsonObject { ["tokens_charged_total"] = items, ["tokens_reserved"] = 0 },
            ["total_urls"] = items,
            ["completed_urls"] = items,
            ["failed_urls"] = 0,
            ["cancelled_urls"] = 0,
            ["pending_urls"] = 0,
            ["invalid_urls"] = new JsonArray(),
            ["created_at"] = "2026-05-26T10:30:00Z",
            ["completed_at"] = null,
            ["results"] = results,
        }.ToJsonString();
    }
}
