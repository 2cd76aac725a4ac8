using System.Diagnostics;
using System.Runtime.InteropServices;
using Geonode.Scraper.TestSupport;

namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>A <c>dotnet</c> child process with its output captured line by line, and real POSIX signals to send it.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly CapturedProcess _run;

    private ChildProcess(CapturedProcess run) => _run = run;

    public int ExitCode => _run.Process.ExitCode;

    public IReadOnlyList<string> StandardError => _run.Error;

    /// <summary>The built tool, next to this test assembly in the repository's artifacts (same configuration).</summary>
    public static string ToolPath
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.FullName, "Geonode.Scraper.Emulator.Tool", here.Name, "geonode-scraper-emulator.dll");
            File.Exists(path).Should().BeTrue($"the tool is built before the tests (ProjectReference): {path}");
            return path;
        }
    }

    /// <summary>The &lt;Version&gt; of Directory.Build.props: the one place the repository writes its version.</summary>
    public static string PackageVersion
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                dir = dir.Parent ?? throw new InvalidOperationException("Directory.Build.props not found");
            }

            var props = File.ReadAllText(Path.Combine(dir.FullName, "Directory.Build.props"));
            return System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        }
    }

    public static ChildProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(CapturedProcess.Start(info));
    }

    public Task<string> ReadLineAsync(TimeSpan timeout) => _run.ReadLineAsync(timeout);

    public Task<List<string>> ReadToEndAsync(TimeSpan timeout) => _run.ReadToEndAsync(timeout);

    /// <summary>Waits for the exit; false if it has not exited within <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _run.WaitForExitAsync(timeout);

    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        _run.Signal(number).Should().Be(0, "kill(2) reaches the child");
    }

    /// <summary>Whether this process ignores SIGINT (children inherit that, as with jobs started in the background by a shell).</summary>
    public static bool SigIntIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & 0x2) != 0;
    }

    public void Dispose() => _run.Dispose();
}
