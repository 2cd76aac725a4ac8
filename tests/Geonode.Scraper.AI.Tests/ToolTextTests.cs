using System.Text;
using System.Text.RegularExpressions;
using Geonode.Scraper.AI.Internal;

namespace Geonode.Scraper.AI.Tests;

public sealed class ToolTextTests
{
    [Theory]
    [InlineData(500, 3_000)]
    [InlineData(800, 10_000)]
    [InlineData(8_000, 100_000)]
    public void Window_LongDocument_StaysWithinTheBudgetAndTheWindowsFollowingTheNotesRebuildIt(int budget, int length)
    {
        var document = string.Concat(Enumerable.Range(0, length / 10 + 1).Select(i => $"line {i,4}\n"))[..length];
        var rebuilt = new StringBuilder();
        var startAt = 0;
        for (var calls = 0; calls < 1_000; calls++)
        {
            var window = ToolText.Window("Content of https://example.com/ as Markdown:", document, startAt, budget, end => $"Call again with start_at {end}.");
            window.Length.Should().BeLessThanOrEqualTo(budget);
            var body = window[(window.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
            var next = Regex.Match(window, @"\[Truncated: characters [\d,]+–[\d,]+ of [\d,]+ shown\. Call again with start_at (\d+)\.\]$");
            if (!next.Success)
            {
                rebuilt.Append(body);
                break;
            }

            rebuilt.Append(body[..^(next.Length + 2)]);
            startAt = int.Parse(next.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        rebuilt.ToString().Should().Be(document);
    }

    [Fact]
    public void Window_StartPastTheEnd_SaysSo()
    {
        ToolText.Window("Header:", "short", 50, 500, _ => "more").Should().Be("Header:\n[The text has only 5 characters; start_at 50 is past its end.]");
    }
}
