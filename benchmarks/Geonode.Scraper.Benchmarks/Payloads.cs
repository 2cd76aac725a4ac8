using System.Text;
using System.Text.Json;
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

    /// <summary>A verbatim fixture of tests/Geonode.Scraper.Tests/Fixtures, embedded in this program.</summary>
    public static byte[] Fixture(string name)
    {
        using var stream = typeof(Payloads).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"no embedded fixture {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes a crawl result page in the documented shape of about <paramref name="bytes"/> bytes to
    /// <paramref name="path"/>: 50 completed pages (the largest page size the API serves), each with 20 links and Markdown
    /// of a 50th of the size.</summary>
    public static void WriteCrawlPage(string path, long bytes)
    {
        const int Pages = 50;
        var markdown = new StringBuilder("# Page\n\n");
        while (markdown.Length < bytes / Pages * 5 / 6) // ü and escaped quotes: about 6 bytes of JSON for 5 characters
        {
            markdown.Append("Lorem ipsum dolor sit amet, \"quoted\" text with a [link](https://example.com/x) and \u00fc.\n");
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteString("job_id", "9d7b2c8e-8a4b-4c10-9af3-65f4f8f6c019");
        json.WriteString("url", "https://docs.example.test/");
        json.WriteString("status", "completed");
        json.WriteString("created_at", "2026-05-26T10:30:00Z");
        json.WriteString("completed_at", "2026-05-26T10:41:00Z");
        json.WriteStartObject("token_summary");
        json.WriteNumber("tokens_charged_total", 1);
        json.WriteNumber("tokens_reserved", 0);
        json.WriteEndObject();
        json.WriteStartArray("results");
        for (var page = 0; page < Pages; page++)
        {
            json.WriteStartObject();
            json.WriteString("url", $"https://docs.example.test/page/{page}/");
            json.WriteString("parent_url", "https://docs.example.test/");
            json.WriteNumber("depth", 1 + (page % 3));
            json.WriteString("status", "completed");
            json.WriteNull("error_code");
            json.WriteNull("error_message");
            json.WriteStartArray("links");
            for (var i = 0; i < 20; i++)
            {
                json.WriteStringValue($"https://docs.example.test/page/{page}/{i}/");
            }

            json.WriteEndArray();
            json.WriteStartObject("data");
            json.WriteString("markdown", markdown.ToString());
            json.WriteNull("html");
            json.WriteEndObject();
            json.WriteStartObject("metadata");
            json.WriteNumber("http_status", 200);
            json.WriteNumber("duration_ms", 631);
            json.WriteNumber("retry_count", 0);
            json.WriteNumber("tokens_charged", 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
        }

        json.WriteEndArray();
        json.WriteNumber("total_pages", Pages);
        json.WriteNumber("completed_pages", Pages);
        json.WriteNumber("failed_pages", 0);
        json.WriteNumber("cancelled_pages", 0);
        json.WriteEndObject();
    }
}
