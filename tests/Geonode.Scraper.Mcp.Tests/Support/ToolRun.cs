using System.Diagnostics;
using Geonode.Scraper.TestSupport;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>The installed command run as a plain process (not as an MCP client would): its output line by line, its exit
/// code, and real POSIX signals to send it.</summary>
public sealed class ToolRun : IDisposable
{
    private readonly CapturedProcess _run;

    private ToolRun(CapturedProcess run) => _run = run;

    public int ExitCode => _run.Process.ExitCode;

    public List<string> Output { get; } = [];

    public IReadOnlyList<string> Error => _run.Error;

    /// <summary>Runs the command to its end (stdin closed at once) and collects what it printed.</summary>
    public static async Task<ToolRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var run = await StartAsync(args, environment);
        run._run.Process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var line in run._run.Output.ReadAllAsync(timeout.Token))
        {
            run.Output.Add(line);
        }

        await run._run.Process.WaitForExitAsync(timeout.Token);
        return run;
    }

    public static async Task<ToolRun> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var tool = await InstalledTool.GetAsync();
        var info = new ProcessStartInfo(tool.Command)
        {
            RedirectStandardInput = true,
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

        return new ToolRun(CapturedProcess.Start(info));
    }

    public Task<string> ReadLineAsync(TimeSpan timeout) => _run.ReadLineAsync(timeout);

    /// <summary>Sends SIGTERM and waits for the exit; false if it has not exited within <paramref name="timeout"/>.</summary>
    public Task<bool> TerminateAsync(TimeSpan timeout)
    {
        _run.Signal(15).Should().Be(0, "kill(2) reaches the child");
        return _run.WaitForExitAsync(timeout);
    }

    public void Dispose() => _run.Dispose();
}
