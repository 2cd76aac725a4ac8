using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>The installed command run as a plain process (not as an MCP client would): its output line by line, its exit
/// code, and real POSIX signals to send it.</summary>
public sealed class ToolRun : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly List<string> _stderr = [];

    private ToolRun(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public List<string> Output { get; } = [];

    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>Runs the command to its end (stdin closed at once) and collects what it printed.</summary>
    public static async Task<ToolRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var run = await StartAsync(args, environment);
        run._process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var line in run._stdout.Reader.ReadAllAsync(timeout.Token))
        {
            run.Output.Add(line);
        }

        await run._process.WaitForExitAsync(timeout.Token);
        return run;
    }

    public static async Task<ToolRun> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var tool = await InstalledTool.GetAsync();
        var info = new ProcessStartInfo(tool.Command)
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

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var run = new ToolRun(new Process { StartInfo = info, EnableRaisingEvents = true });
        run._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                run._stdout.Writer.TryComplete();
            }
            else
            {
                run._stdout.Writer.TryWrite(e.Data);
            }
        };
        run._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (run._stderr)
                {
                    run._stderr.Add(e.Data);
                }
            }
        };
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _stdout.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Sends SIGTERM and waits for the exit; false if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        Kill(_process.Id, 15).Should().Be(0, "kill(2) reaches the child");
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
