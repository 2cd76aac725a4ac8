#if !SDK_NETSTANDARD
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.Internal;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Serialization;

/// <summary>
/// The hand-written metadata of the page models (<see cref="ModelJson"/>) against the source-generated metadata of the same
/// models: the same members in the same order, with the same names, types and required flags, and the same JSON out for
/// the same model in. A member added to a model and not to <see cref="ModelJson.FastModels"/> fails here.
/// </summary>
public sealed class FastModelMetadataTests
{
    public static readonly TheoryData<Type> FastTypes = [typeof(BatchJob), typeof(BatchItem), typeof(CrawlJob), typeof(CrawlPage), typeof(PageContent), typeof(PageMetadata)];

    [Theory]
    [MemberData(nameof(FastTypes))]
    public void Hand_written_metadata_lists_the_generated_members(Type type)
    {
        var fast = ModelJson.Options.GetTypeInfo(type);
        var generated = ScraperJsonContext.Default.GetTypeInfo(type)!;

        fast.CreateObject.Should().NotBeNull("the hand-written metadata creates the object first, then sets each member as it is read");
        Describe(fast).Should().Equal(Describe(generated));
        for (var i = 0; i < generated.Properties.Count; i++)
        {
            // Required members are the reader's to check, or (reference types of list items) ResponseShape's.
            var (mine, theirs) = (fast.Properties[i], generated.Properties[i]);
            (mine.IsRequired || (theirs.IsRequired && !mine.PropertyType.IsValueType && type != typeof(BatchJob) && type != typeof(CrawlJob)))
                .Should().Be(theirs.IsRequired, $"{type.Name}.{theirs.Name} is required={theirs.IsRequired} in the model");
        }
    }

    [Theory]
    [InlineData("batch-job-processing.json")]
    [InlineData("crawl-job-processing.json")]
    public void Reads_and_writes_the_fixtures_as_the_generated_metadata_does(string fixture)
    {
        var json = TestClient.Fixture(fixture);
        var (fast, generated) = fixture.StartsWith("batch", StringComparison.Ordinal)
            ? (Write(json, ModelJson.BatchJob), Write(json, ScraperJsonContext.Default.BatchJob))
            : (Write(json, ModelJson.CrawlJob), Write(json, ScraperJsonContext.Default.CrawlJob));

        fast.Should().Be(generated);
    }

    [Fact]
    public void Init_accessors_run_and_required_members_are_enforced_by_the_reader_or_the_shape_check()
    {
        var job = JsonSerializer.Deserialize("""{"job_id":"j","status":"completed","results":null,"invalid_urls":null}""", ModelJson.BatchJob)!;
        job.Results.Should().BeEmpty();
        job.InvalidUrls.Should().BeEmpty();

        var missingUrl = JsonSerializer.Deserialize("""{"job_id":"j","status":"completed","results":[{"input_index":0}]}""", ModelJson.BatchJob)!;
        var check = () => ResponseShape.Check(missingUrl, ModelJson.BatchJob);
        check.Should().Throw<JsonException>().WithMessage("'url' of BatchItem is required but null.");
        var missingStatus = () => JsonSerializer.Deserialize("""{"job_id":"j","results":[]}""", ModelJson.CrawlJob);
        missingStatus.Should().Throw<JsonException>().WithMessage("*status*");
    }

    private static string Write<T>(string json, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo)!, typeInfo);

    private static List<string> Describe(JsonTypeInfo typeInfo) =>
        typeInfo.Properties.Select(p => $"{p.Name} {p.PropertyType} get={p.Get is not null} set={p.Set is not null}").ToList();
}
#endif
