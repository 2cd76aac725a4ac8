using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Geonode.Scraper.Samples.Tests.Support;

/// <summary>
/// The built sample (<c>geonode-scraper-sample</c>) as a real process in a folder of its own: stdout and stderr captured
/// exactly as written (carriage returns and escape sequences included), and real POSIX signals to send it. Without an API
/// key it runs its in-process emulator, as a user's first run does.
/// </summary>
public sealed class SampleProcess : IDisposable
{
    /// <summary>How long a whole run may take before a test gives up on it.</summary>
    public static readonly TimeSpan RunBound = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private SampleProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
    }

    /// <summary>The built sample, next to this test assembly in the repository's artifacts (same configuration).</summary>
    public static string SamplePath
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.FullName, "Geonode.Scraper.Samples", here.Name, "geonode-scraper-sample.dll");
            File.Exists(path).Should().BeTrue($"the sample is built before the tests (ProjectReference): {path}");
            return path;
        }
    }

    public int ExitCode => _process.ExitCode;

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    public IReadOnlyList<string> StandardOutputLines => Lines(StandardOutput);

    public IReadOnlyList<string> StandardErrorLines => Lines(StandardError);

    /// <summary>Starts the sample in <paramref name="workingDirectory"/>; with <paramref name="api"/>, against that server with its key.</summary>
    public static SampleProcess Start(string workingDirectory, string[] args, string? standardInput = null, (Uri BaseAddress, string ApiKey)? api = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SamplePath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("GEONODE_SCRAPER_API_KEY");
        info.Environment.Remove("SCRAPER_API_BASE_URL");
        foreach (var model in new[] { "OPENAI_API_KEY", "OPENAI_MODEL", "OPENAI_BASE_URL" })
        {
            info.Environment.Remove(model);   // the ask command never reaches a real model from a test
        }

        if (api is { } server)
        {
            info.Environment["GEONODE_SCRAPER_API_KEY"] = server.ApiKey;
            info.Environment["SCRAPER_API_BASE_URL"] = server.BaseAddress.ToString();
        }

        var sample = new SampleProcess(Process.Start(info)!);
        sample._process.StandardInput.Write(standardInput ?? string.Empty);
        sample._process.StandardInput.Close();
        return sample;
    }

    /// <summary>Runs the sample to its end (at most <see cref="RunBound"/>).</summary>
    public static async Task<SampleProcess> RunAsync(string workingDirectory, string[] args, string? standardInput = null, (Uri BaseAddress, string ApiKey)? api = null)
    {
        var sample = Start(workingDirectory, args, standardInput, api);
        (await sample.WaitForExitAsync(RunBound)).Should().BeTrue($"the sample ends within {RunBound}; stderr so far:\n{sample.StandardError}");
        return sample;
    }

    /// <summary>Waits until stderr has a line that matches, and returns it.</summary>
    public async Task<string> WaitForErrorLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (StandardErrorLines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"no such line on stderr (exited: {_process.HasExited}); stderr:\n{StandardError}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the exit and for the last of its output; false if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _reading.WaitAsync(cts.Token);
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
        Kill(_process.Id, number).Should().Be(0, "kill(2) reaches the sample");
    }

    /// <summary>Ends the sample at once with SIGKILL, as a crash or the OOM killer would: no handler of its own runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Whether this process ignores SIGINT: its children inherit that, as jobs started in the background by a shell do.</summary>
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

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
