using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Geonode.Scraper.Emulator.Tests.Support;

/// <summary>A <c>dotnet</c> child process with its output captured line by line, and real POSIX signals to send it.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Channels.Channel<string> _stdout = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly List<string> _stderr = [];

    private ChildProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StandardError
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

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
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stdout.Writer.TryComplete();
            }
            else
            {
                child._stdout.Writer.TryWrite(e.Data);
            }
        };
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._stderr)
                {
                    child._stderr.Add(e.Data);
                }
            }
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _stdout.Reader.ReadAsync(cts.Token);
    }

    public async Task<List<string>> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var lines = new List<string>();
        await foreach (var line in _stdout.Reader.ReadAllAsync(cts.Token))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Waits for the exit; false if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        Kill(_process.Id, number).Should().Be(0, "kill(2) reaches the child");
    }

    /// <summary>Whether this process ignores SIGINT (children inherit that, as with jobs started in the background by a shell).</summary>
    public static bool SigIntIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & 0x2) != 0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
