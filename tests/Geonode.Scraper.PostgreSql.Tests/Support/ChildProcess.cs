using System.Diagnostics;
using Geonode.Scraper.TestSupport;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>This test assembly started as a child process (see <see cref="Program"/>), with its output captured line by
/// line; <see cref="KillHard"/> is SIGKILL: the child gets no chance to release anything.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly CapturedProcess _run;

    private ChildProcess(CapturedProcess run) => _run = run;

    public string StandardError => string.Join('\n', _run.Error);

    /// <summary>Gets the child's process id (a replica's ledger owner id holds it).</summary>
    public int Id => _run.Process.Id;

    public static ChildProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts the child with <paramref name="environment"/> added to its environment (where secrets go, never the
    /// command line).</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet");
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

        return new ChildProcess(CapturedProcess.Start(info));
    }

    /// <summary>The next line the child printed; <see langword="null"/> when none came within <paramref name="timeout"/> or
    /// its output ended.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        try
        {
            return await _run.ReadLineAsync(timeout);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, and waits for the exit.</summary>
    public void KillHard()
    {
        _run.Process.Kill();
        _run.Process.WaitForExit(10_000).Should().BeTrue("a killed process exits");
    }

    public void Dispose() => _run.Dispose();
}
