using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Geonode.Scraper.TestSupport;

/// <summary>
/// A child process whose standard output is read line by line (a channel, completed when the output ends) and whose standard
/// error is kept; real POSIX signals can be sent to it, and disposing kills what is still running. Shared, as a linked
/// source file, by the test projects that start processes (the emulator tool, replicas, the MCP tool); each wraps it in the
/// helper its tests read best.
/// </summary>
internal sealed class CapturedProcess : IDisposable
{
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();
    private readonly List<string> _error = [];

    private CapturedProcess(Process process) => Process = process;

    /// <summary>Gets the process.</summary>
    public Process Process { get; }

    /// <summary>Gets the lines of its standard output, as they come.</summary>
    public ChannelReader<string> Output => _output.Reader;

    /// <summary>Gets the lines of its standard error so far.</summary>
    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_error)
            {
                return [.. _error];
            }
        }
    }

    /// <summary>Starts <paramref name="info"/> with its standard output and error redirected (the rest, standard input
    /// included, as <paramref name="info"/> says).</summary>
    public static CapturedProcess Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var run = new CapturedProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        run.Process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                run._output.Writer.TryComplete();
            }
            else
            {
                run._output.Writer.TryWrite(e.Data);
            }
        };
        run.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (run._error)
                {
                    run._error.Add(e.Data);
                }
            }
        };
        run.Process.Start();
        run.Process.BeginOutputReadLine();
        run.Process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The next line of standard output, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException">No line within <paramref name="timeout"/>.</exception>
    /// <exception cref="ChannelClosedException">The output ended.</exception>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _output.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The lines of standard output until it ends, waiting at most <paramref name="timeout"/> in all.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var lines = new List<string>();
        await foreach (var line in _output.Reader.ReadAllAsync(cts.Token))
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
            await Process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends POSIX signal <paramref name="signal"/> (2 SIGINT, 9 SIGKILL, 15 SIGTERM) with kill(2); its result (0 when
    /// the signal reached the process).</summary>
    public int Signal(int signal) => Kill(Process.Id, signal);

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }

        Process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
