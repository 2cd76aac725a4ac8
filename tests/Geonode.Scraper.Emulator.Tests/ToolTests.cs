using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Geonode.Scraper.Emulator.Tests.Support;
using Xunit.Abstractions;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The geonode-scraper-emulator tool as a real process, and an application hosting the emulator in-process.</summary>
public sealed class ToolTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsUsage_ExitsZero(string flag)
    {
        using var tool = ChildProcess.Start(ChildProcess.ToolPath, flag);

        var lines = await tool.ReadToEndAsync(Bound);
        (await tool.WaitForExitAsync(Bound)).Should().BeTrue();

        tool.ExitCode.Should().Be(0);
        lines.Should().Contain(l => l.StartsWith("Usage: geonode-scraper-emulator", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("--concurrency-limit", StringComparison.Ordinal));
        tool.StandardError.Should().BeEmpty();
    }

    [Fact]
    public async Task Version_PrintsThePackageVersion_ExitsZero()
    {
        using var tool = ChildProcess.Start(ChildProcess.ToolPath, "--version");

        var lines = await tool.ReadToEndAsync(Bound);
        (await tool.WaitForExitAsync(Bound)).Should().BeTrue();

        tool.ExitCode.Should().Be(0);
        lines.Should().Equal([ChildProcess.PackageVersion], "the version is the one Directory.Build.props gives every package");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port", "abc")]
    [InlineData("--port")]
    [InlineData("--port", "70000")]
    [InlineData("--queue-time-ms", "-1")]
    [InlineData("--key", "")]
    [InlineData("stray")]
    [InlineData("--port", "1", "--port", "2")]
    public async Task BadArgument_OneLineOnStandardErrorWithAHint_ExitsTwo(params string[] args)
    {
        using var tool = ChildProcess.Start([ChildProcess.ToolPath, .. args]);

        var lines = await tool.ReadToEndAsync(Bound);
        (await tool.WaitForExitAsync(Bound)).Should().BeTrue();

        tool.ExitCode.Should().Be(2);
        lines.Should().BeEmpty();
        tool.StandardError.Should().ContainSingle().Which.Should().StartWith("geonode-scraper-emulator: ").And.EndWith("(try --help)");
    }

    [UnixTheory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public async Task Tool_ServesThenStopsCleanlyOnASignal(PosixSignal signal)
    {
        if (SignalIgnored(signal))
        {
            return;
        }

        using var tool = ChildProcess.Start(ChildProcess.ToolPath, "--key", "tool-key", "--page-time-ms", "1");
        var first = await tool.ReadLineAsync(Bound);
        first.Should().MatchRegex(@"^listening on http://127\.0\.0\.1:\d+/$");
        var address = new Uri(first["listening on ".Length..]);
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("X-Api-Key", "tool-key");
        using var usage = await http.GetAsync("v1/usage");
        usage.StatusCode.Should().Be(HttpStatusCode.OK);

        var exited = await SignalAndWaitAsync(tool, signal);

        exited.Should().BeTrue($"the tool stops within {Bound.TotalSeconds} s of {signal}");
        tool.ExitCode.Should().Be(0, "a signal is a clean stop");
        tool.StandardError.Should().BeEmpty();
    }

    [UnixTheory]
    [InlineData(PosixSignal.SIGTERM)]
    [InlineData(PosixSignal.SIGINT)]
    public async Task InProcessEmulator_DoesNotSwallowTheHostApplicationsSignals(PosixSignal signal)
    {
        if (SignalIgnored(signal))
        {
            return;
        }

        // The child hosts an emulator and handles no signal itself: the runtime's default must end it. Were the emulator
        // to register the console lifetime, the signal would only stop the emulator and the child would wait forever.
        using var app = ChildProcess.Start(typeof(Program).Assembly.Location, "host-in-process");
        (await app.ReadLineAsync(Bound)).Should().StartWith("listening on http://127.0.0.1:");

        var exited = await SignalAndWaitAsync(app, signal);

        exited.Should().BeTrue($"the hosting process ends on {signal} as if there were no emulator");
    }

    private bool SignalIgnored(PosixSignal signal)
    {
        var ignored = signal == PosixSignal.SIGINT && ChildProcess.SigIntIgnoredHere();
        if (ignored)
        {
            output.WriteLine("SIGINT is ignored by this test process and so by its children: nothing to check for SIGINT here.");
        }

        return ignored;
    }

    /// <summary>Sends the signal and waits at most <see cref="Bound"/>, reporting the measured time in the test output.</summary>
    private async Task<bool> SignalAndWaitAsync(ChildProcess child, PosixSignal signal)
    {
        var clock = Stopwatch.StartNew();
        child.Signal(signal);
        var exited = await child.WaitForExitAsync(Bound);
        clock.Stop();
        output.WriteLine($"{signal}: exited={exited} in {clock.ElapsedMilliseconds} ms, exit code {(exited ? child.ExitCode : -1)}");
        return exited;
    }
}
