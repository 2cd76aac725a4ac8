using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Geonode.Scraper.Aot.Tests;

/// <summary>
/// The verbatim fixtures of the three job kinds, read and written through the SDK's public metadata
/// (<see cref="ScraperJson"/>) and through a context of the user's own, with reflection-based serialization off.
/// </summary>
public sealed class ModelRoundTripTests
{
    [Fact]
    public void Reflection_based_serialization_is_off_in_this_project()
    {
        // Without this, the tests below would also pass with reflection quietly filling a gap in the metadata.
        JsonSerializer.IsReflectionEnabledByDefault.Should().BeFalse();
    }

    [Fact]
    public void Batch_job_fixture_round_trips()
    {
        var job = RoundTrip(ScraperJson.GetTypeInfo<BatchJob>(), "batch-job-processing.json");

        job.Status.Should().Be(JobStatus.Processing);
        job.BatchConfig!.Formats.Should().Equal(OutputFormat.Markdown);
        job.BatchConfig.Proxy!.Type.Should().Be(ProxyType.Residential);
        job.TotalUrls.Should().Be(2);
        job.CreatedAt.Should().Be(new DateTimeOffset(2026, 5, 26, 10, 30, 0, TimeSpan.Zero));
        job.Results.Should().ContainSingle().Which.Metadata!.DurationMs.Should().Be(842);
    }

    [Fact]
    public void Crawl_job_fixture_round_trips()
    {
        var job = RoundTrip(ScraperJson.GetTypeInfo<CrawlJob>(), "crawl-job-processing.json");

        job.Url.Should().Be("https://quotes.toscrape.com/");
        job.TotalPages.Should().Be(25);
        job.TokenSummary!.TokensReserved.Should().Be(17);
        var page = job.Results.Should().ContainSingle().Subject;
        page.Depth.Should().Be(1);
        page.Links.Should().Equal("https://quotes.toscrape.com/page/2/");
        page.Data!.Markdown.Should().Be("...");
    }

    [Fact]
    public void Extract_job_fixture_round_trips()
    {
        var job = RoundTrip(ScraperJson.GetTypeInfo<ExtractJob>(), "extract-job-completed.json");

        job.Status.Should().Be(JobStatus.Completed);
        job.Data!.Markdown.Should().Be("# Example Page Content");
        job.Metadata!.ProcessingMode.Should().Be(ProcessingMode.Async);
        job.CompletedAt.Should().Be(new DateTimeOffset(2026, 5, 26, 10, 30, 4, TimeSpan.Zero));
        job.TokensCharged.Should().Be(1);
    }

    [Fact]
    public void Resolver_chained_into_the_users_options_reads_the_models()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        options.TypeInfoResolverChain.Add(ScraperJson.TypeInfoResolver);
        var typeInfo = (JsonTypeInfo<BatchJob>)options.GetTypeInfo(typeof(BatchJob));

        var job = JsonSerializer.Deserialize(Fixture("batch-job-processing.json"), typeInfo)!;

        job.JobId.Should().Be("9d7b2c8e-8a4b-4c10-9af3-65f4f8f6c019");
        job.Results[0].Url.Should().Be("https://quotes.toscrape.com/");
    }

    [Fact]
    public void Users_own_context_over_SDK_models_compiles_and_reads_what_the_SDK_reads()
    {
        var fixture = Fixture("batch-job-processing.json");

        var mine = JsonSerializer.Deserialize(fixture, UserContext.Default.BatchJob)!;

        mine.Should().BeEquivalentTo(JsonSerializer.Deserialize(fixture, ScraperJson.GetTypeInfo<BatchJob>()), o => o.ComparingRecordsByMembers());
        var written = JsonNode.Parse(JsonSerializer.Serialize(mine, UserContext.Default.BatchJob))!;
        written["status"]!.GetValue<string>().Should().Be("processing");
        written["results"]![0]!["metadata"]!["duration_ms"]!.GetValue<long>().Should().Be(842);
    }

    /// <summary>Reads the fixture, writes it, reads what was written: both reads must agree, and what was written must hold
    /// every non-null member of the fixture under its snake_case name.</summary>
    private static T RoundTrip<T>(JsonTypeInfo<T> typeInfo, string fixture)
    {
        var json = Fixture(fixture);
        var first = JsonSerializer.Deserialize(json, typeInfo)!;
        var written = JsonSerializer.Serialize(first, typeInfo);
        var second = JsonSerializer.Deserialize(written, typeInfo)!;

        second.Should().BeEquivalentTo(first, o => o.ComparingRecordsByMembers());
        NonNullPaths(JsonNode.Parse(json)!, "$").Should().BeSubsetOf(NonNullPaths(JsonNode.Parse(written)!, "$"));
        return first;
    }

    private static IEnumerable<string> NonNullPaths(JsonNode node, string path) => node switch
    {
        JsonObject o => o.Where(p => p.Value is not null).SelectMany(p => NonNullPaths(p.Value!, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((e, i) => e is null ? [] : NonNullPaths(e, $"{path}[{i}]")),
        _ => [path],
    };

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}

/// <summary>A trimmed app's own context over an SDK model: it must compile here, where warnings are errors (an SDK model
/// naming an internal converter type would fail the build with SYSLIB1220).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchJob))]
internal sealed partial class UserContext : JsonSerializerContext
{
}
