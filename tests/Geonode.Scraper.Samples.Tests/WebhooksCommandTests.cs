using System.Globalization;
using System.Text.RegularExpressions;
using Geonode.Scraper.Samples.Tests.Support;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>webhooks</c>: the in-process emulator delivers to the sample's own endpoint, which wakes the wait.</summary>
public sealed partial class WebhooksCommandTests
{
    [Fact]
    public async Task Webhooks_TheEmulatorDeliversToTheSamplesEndpoint_TheWokenWaitPollsAtMostThreeTimes()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["webhooks"]);

        sample.ExitCode.Should().Be(0, sample.StandardError);
        sample.StandardOutputLines.Should().HaveCount(2, sample.StandardOutput);
        var webhook = ResultLine().Match(sample.StandardOutputLines[0]);
        var polling = ResultLine().Match(sample.StandardOutputLines[1]);
        webhook.Groups["label"].Value.Should().Be("webhook", sample.StandardOutput);
        polling.Groups["label"].Value.Should().Be("polling", sample.StandardOutput);

        // The woken wait: a first poll, then the final one the delivery triggered (its fallback poll is a minute away).
        int.Parse(webhook.Groups["polls"].Value, CultureInfo.InvariantCulture).Should().BeInRange(2, 3);
        int.Parse(polling.Groups["polls"].Value, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);
        sample.StandardErrorLines.Should().Contain(l => l.StartsWith("webhook endpoint: POST http://127.0.0.1:", StringComparison.Ordinal)
            && l.EndsWith("/webhooks/geonode", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^(?<label>\w+): (?<polls>\d+) status polls, result \d+ ms after the delivery \(crawl [0-9a-f-]{36} completed, 6 pages\)$")]
    private static partial Regex ResultLine();
}
