using System.Diagnostics;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>This test assembly started as a child process (see <see cref="Program"/>), with its output captured line by
/// line; <see cref="KillHard"/> is SIGKILL: the child gets no chance to release anything.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Channels.Channel<string> _stdout = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly List<string> _stderr = [];

    private ChildProcess(Process process) => _process = process;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Gets the child's process id (a replica's ledger owner id holds it).</summary>
    public int Id => _process.Id;

    public static ChildProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts the child with <paramref name="environment"/> added to its environment (where secrets go, never the
    /// command line).</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[PostgresDatabase.ConnectionStringVariable] = PostgresDatabase.ConnectionString;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
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

    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _stdout.Reader.ReadAsync(cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, and waits for the exit.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(10_000).Should().BeTrue("a killed process exits");
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
}
