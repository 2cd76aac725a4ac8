using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Geonode.Scraper.Samples.Tests.Support;
using Xunit.Abstractions;

namespace Geonode.Scraper.Samples.Tests;

/// <summary>Ctrl-C (SIGINT) and SIGTERM stop the sample while it runs its in-process emulator, and it says what it left running.</summary>
public sealed partial class SignalTests(ITestOutputHelper output)
{
    /// <summary>Generous, for a loaded machine; the measured time is in the test output (the aim is under two seconds).</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [UnixTheory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public async Task Signal_DuringACrawl_StopsAndSaysWhatIsLeftRunning(PosixSignal signal)
    {
        if (signal == PosixSignal.SIGINT && SampleProcess.SigIntIgnoredHere())
        {
            output.WriteLine("SIGINT is ignored by this test process and so by its children (a background job of a shell): nothing to check for SIGINT here.");
            return;
        }

        using var folder = new TempFolder();
        // Depth 4 on slow.test: 156 pages of a second each, 25 at a time; the run lasts far longer than the test waits.
        using var sample = SampleProcess.Start(folder.Path, ["crawl", "https://docs.slow.test", "--depth", "4", "--out", "pages"]);
        var started = await sample.WaitForErrorLineAsync(l => l.StartsWith("crawl ", StringComparison.Ordinal), SampleProcess.RunBound);
        var jobId = StartedLine().Match(started).Groups["id"].Value;
        await sample.WaitForErrorLineAsync(l => l.Contains(" discovered ", StringComparison.Ordinal), SampleProcess.RunBound);

        var clock = Stopwatch.StartNew();
        sample.Signal(signal);
        var exited = await sample.WaitForExitAsync(StopBound);
        clock.Stop();
        output.WriteLine($"{signal}: exited={exited} in {clock.ElapsedMilliseconds} ms, exit code {(exited ? sample.ExitCode : -1)}");

        exited.Should().BeTrue($"the sample stops within {StopBound.TotalSeconds} s of {signal}");
        sample.ExitCode.Should().Be(130, sample.StandardError);
        sample.StandardErrorLines.Should().ContainInOrder(
            $"cancelled: crawl {jobId} was running on the in-process emulator, which stops with this program; against the API it would keep running",
            $"  resume it: geonode-scraper-sample resume crawl {jobId} --out {folder["pages"]}",
            $"  cancel it: geonode-scraper-sample cancel crawl {jobId}");
        sample.StandardError.Should().NotContain("   at ", "a cancellation is not a crash");
    }

    [GeneratedRegex("^crawl (?<id>\\S+) started at ")]
    private static partial Regex StartedLine();
}
