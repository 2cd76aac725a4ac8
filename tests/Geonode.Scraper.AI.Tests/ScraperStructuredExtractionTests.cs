using System.Text.Json;
using System.Text.Json.Serialization;
using Geonode.Scraper.AI.Tests.Support;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Tests;

public sealed record PageFacts(string Title, IReadOnlyList<string> Facts);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PageFacts))]
public sealed partial class TestJsonContext : JsonSerializerContext;

public sealed class ScraperStructuredExtractionTests
{
    private const string Url = "https://docs.example.test/intro";
    private const string Valid = """{"title":"Intro","facts":["a","b"]}""";

    [Fact]
    public async Task ExtractAsync_ValidAnswer_ReturnsTheValueWithScrapeChargeAndChatUsageApart()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var chat = new ScriptedChatClient().Answer(Valid, new UsageDetails { InputTokenCount = 900, OutputTokenCount = 20 });

        var result = await scraper.Client.ExtractAsync(Url, chat, TestJsonContext.Default.PageFacts, new StructuredExtractOptions { Instructions = "the title and facts" });

        result.Value.Should().BeEquivalentTo(new PageFacts("Intro", ["a", "b"]));
        result.Url.Should().Be(Url);
        result.ScrapeTokensCharged.Should().Be(1);
        result.ChatUsage!.InputTokenCount.Should().Be(900);
        result.ChatUsage.OutputTokenCount.Should().Be(20);

        var (messages, options) = chat.Requests.Single();
        messages[^1].Text.Should().Contain("What to extract: the title and facts").And.Contain("Source: " + Url).And.Contain("# docs.example.test/intro");
        var format = options!.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Subject;
        var properties = format.Schema!.Value.GetProperty("properties");
        properties.TryGetProperty("title", out _).Should().BeTrue("the schema comes from the caller's snake_case source-generated context");
        properties.TryGetProperty("facts", out _).Should().BeTrue();
    }

    [Fact]
    public async Task ExtractAsync_UnparsableThenValid_RetriesOnceWithACorrectionAndAddsUpTheUsage()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var chat = new ScriptedChatClient()
            .Answer("Sure! The title is Intro.", new UsageDetails { TotalTokenCount = 100 })
            .Answer("```json\n" + Valid + "\n```", new UsageDetails { TotalTokenCount = 50 });

        var result = await scraper.Client.ExtractAsync(Url, chat, TestJsonContext.Default.PageFacts);

        result.Value.Title.Should().Be("Intro");
        result.ChatUsage!.TotalTokenCount.Should().Be(150);
        chat.Requests.Should().HaveCount(2);
        chat.Requests[1].Messages[^2].Text.Should().Be("Sure! The title is Intro.");
        chat.Requests[1].Messages[^1].Text.Should().Contain("not a JSON object matching the schema");
        scraper.Emulator.CountRequests("POST", "/v1/extract").Should().Be(1, "the corrective retry asks the chat again, not the scraper");
    }

    [Fact]
    public async Task ExtractAsync_UnparsableTwice_ThrowsWithTheRawText()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var chat = new ScriptedChatClient().Answer("no idea").Answer("{\"title\": ");

        var act = () => scraper.Client.ExtractAsync(Url, chat, TestJsonContext.Default.PageFacts);

        var thrown = await act.Should().ThrowAsync<StructuredExtractionException>();
        thrown.Which.RawText.Should().Be("{\"title\": ");
        thrown.Which.Url.Should().Be(Url);
        thrown.Which.InnerException.Should().BeAssignableTo<JsonException>();
    }

    [Fact]
    public async Task ExtractAsync_BadUrl_ThrowsBeforeAnyRequest()
    {
        await using var scraper = await EmulatedScraper.StartAsync();

        var act = () => scraper.Client.ExtractAsync("docs.example.test", new ScriptedChatClient(), TestJsonContext.Default.PageFacts);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("url");
        scraper.Emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ExtractManyAsync_ManyUrls_YieldsOneResultPerUrlWithBoundedConcurrency()
    {
        await using var scraper = await EmulatedScraper.StartAsync();
        var chat = new CountingChatClient(Valid);
        var urls = Enumerable.Range(1, 7).Select(i => $"https://docs.example.test/p/{i}").ToList();

        var results = new List<StructuredExtractResult<PageFacts>>();
        await foreach (var result in scraper.Client.ExtractManyAsync(urls, chat, TestJsonContext.Default.PageFacts, new StructuredExtractOptions { MaxConcurrency = 2 }))
        {
            results.Add(result);
        }

        results.Select(r => r.Url).Should().BeEquivalentTo(urls);
        chat.MaxInFlight.Should().BeInRange(1, 2);
        scraper.Emulator.CountRequests("POST", "/v1/extract").Should().Be(7);
    }

    /// <summary>Answers every request with the same text after a pause, counting how many requests overlap.</summary>
    private sealed class CountingChatClient(string answer) : IChatClient
    {
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this)
            {
                MaxInFlight = Math.Max(MaxInFlight, now);
            }

            await Task.Delay(50, cancellationToken);   // long enough for unbounded work to pile up; the bound never depends on it
            Interlocked.Decrement(ref _inFlight);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
