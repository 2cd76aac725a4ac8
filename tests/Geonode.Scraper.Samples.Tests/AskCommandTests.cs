using Geonode.Scraper.AI.Tests.Support;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

public sealed class AskCommandTests
{
    [Fact]
    public async Task Ask_NoModelConfigured_SaysWhatToSetAndExitsTwoBeforeStartingAnything()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["ask", "What does it cost?", "--site", "https://shop.example.test/"]);

        sample.ExitCode.Should().Be(2);
        sample.StandardError.Should().Contain("set OPENAI_MODEL").And.Contain("OPENAI_API_KEY").And.Contain("OPENAI_BASE_URL")
            .And.NotContain("emulator", "nothing starts before the configuration is complete");
        sample.StandardOutput.Should().BeEmpty();
    }

    [Fact]
    public async Task AskAsync_ModelCallsTools_AnswersWithTheModelsTextAndLogsEachCall()
    {
        await using var emulator = await ScraperEmulator.StartAsync();
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });
        var model = new ScriptedChatClient()
            .CallTool("map_site", """{"url":"https://shop.example.test/"}""")
            .CallTool("scrape_url", """{"url":"https://shop.example.test/p/1"}""")
            .Answer("It costs 10 (https://shop.example.test/p/1).");
        var log = new StringWriter();

        var answer = await AskCommand.AskAsync(model, client, "What does it cost?", "https://shop.example.test/", log, CancellationToken.None);

        answer.Should().Be("It costs 10 (https://shop.example.test/p/1).");
        log.ToString().Should().Contain("tool: map_site url=https://shop.example.test/").And.Contain("tool: scrape_url url=https://shop.example.test/p/1");
        model.Requests[0].Messages[0].Text.Should().Contain("the site https://shop.example.test/");
        model.Requests[0].Options!.Tools.Should().HaveCount(6);
        model.LastToolResults.Should().HaveCount(2);
        model.LastToolResults[1].Should().StartWith("Content of https://shop.example.test/p/1 as Markdown");
    }
}
