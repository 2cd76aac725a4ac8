using System.Diagnostics;
using System.Text.RegularExpressions;
using Geonode.Scraper.Samples.Tests.Support;
using Xunit.Abstractions;

namespace Geonode.Scraper.Samples.Tests;

/// <summary>Progress on stderr: plain whole lines when redirected, a live Spectre.Console display on a terminal.</summary>
public sealed class ProgressOutputTests(ITestOutputHelper output)
{
    private static readonly Regex[] KnownLines =
    [
        new("^No GEONODE_SCRAPER_API_KEY set: using the local emulator at http://127\\.0\\.0\\.1:\\d+/ \\(synthetic pages; nothing leaves this machine\\)\\.$"),
        new("^crawl \\S+ started at https://docs\\.partial\\.test/?$"),
        new("^\\d+ done / \\d+ discovered \\((queued|processing|completed)\\)$"),
        new("^crawl \\S+: 27 pages written to .+; 4 failed, listed in .+failures\\.tsv$"),
    ];

    [Fact]
    public async Task Progress_StandardErrorRedirected_IsWholePlainLines()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["crawl", "https://docs.partial.test", "--depth", "3", "--out", "pages"]);

        sample.ExitCode.Should().Be(3, sample.StandardError);
        sample.StandardError.Should().NotContain("\r", "a redirected stderr gets whole lines, not a line redrawn in place")
            .And.NotContain("\u001b", "and no terminal escape sequences");
        foreach (var line in sample.StandardErrorLines)
        {
            KnownLines.Should().Contain(pattern => pattern.IsMatch(line), $"every line is one whole message: '{line}'");
        }

        var progress = sample.StandardErrorLines.Where(l => l.Contains(" discovered ", StringComparison.Ordinal)).ToList();
        progress.Should().NotBeEmpty().And.OnlyHaveUniqueItems("a progress line is written when it changes");
        progress[^1].Should().Be("31 done / 31 discovered (completed)");
    }

    [UnixFact]
    public async Task Progress_OnATerminal_IsALiveSpectreDisplay()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            output.WriteLine("script(1) is not installed: no pseudo-terminal to run the sample on.");
            return;
        }

        using var folder = new TempFolder();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        // script(1) runs the sample on a pseudo-terminal and copies what it shows to stdout; the sample's stdout is discarded.
        var info = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-qec", $"'{host}' '{SampleProcess.SamplePath}' crawl https://docs.example.test --depth 3 --out pages > /dev/null", "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("GEONODE_SCRAPER_API_KEY");
        info.Environment["TERM"] = "xterm-256color";
        using var script = Process.Start(info)!;
        script.StandardInput.Close();
        var screen = await script.StandardOutput.ReadToEndAsync().WaitAsync(SampleProcess.RunBound);
        await script.WaitForExitAsync();

        script.ExitCode.Should().Be(0, screen);
        screen.Should().Contain("\u001b[?25l", "the live display hides the cursor while it redraws")
            .And.Contain("31 done / 31 discovered (completed)")
            .And.Contain("100%");
        Directory.GetFiles(folder["pages"], "*.md", SearchOption.AllDirectories).Should().HaveCount(31);
    }
}
