using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>
/// The installed server started as an MCP client starts it (<see cref="StdioClientTransport"/>: a child process spoken to
/// over stdin/stdout), with its stderr collected line by line. The child gets only the environment given here for the
/// API's key and address (the test process's own are removed).
/// </summary>
public sealed partial class ServerSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _stderr;

    private ServerSession(McpClient client, ConcurrentQueue<string> stderr, int processId)
    {
        Client = client;
        _stderr = stderr;
        ProcessId = processId;
    }

    public McpClient Client { get; }

    /// <summary>Gets the server's process id, from the line it logs when it starts.</summary>
    public int ProcessId { get; }

    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Starts the installed tool with <paramref name="args"/> and connects to it.</summary>
    public static async Task<ServerSession> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var tool = await InstalledTool.GetAsync();
        var stderr = new ConcurrentQueue<string>();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var env = new Dictionary<string, string?>
        {
            ["GEONODE_SCRAPER_API_KEY"] = null,
            ["SCRAPER_API_BASE_URL"] = null,
        };
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "geonode-scraper-mcp",
            Command = tool.Command,
            Arguments = [.. args],
            EnvironmentVariables = env,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            StandardErrorLines = line =>
            {
                stderr.Enqueue(line);
                if (StartedLine().Match(line) is { Success: true } match)
                {
                    started.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "geonode-mcp-tests", Version = "1.0" } }, cancellationToken: timeout.Token);
        var processId = await started.Task.WaitAsync(timeout.Token);
        return new ServerSession(client, stderr, processId);
    }

    /// <summary>Calls a tool and returns its text, whether it was marked as an error, how long the call took, and the
    /// progress notifications that arrived meanwhile.</summary>
    public async Task<ToolAnswer> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken = default)
    {
        var progress = new ConcurrentQueue<ProgressNotificationValue>();
        var clock = Stopwatch.StartNew();
        var result = await Client.CallToolAsync(tool, arguments, new Collector(progress.Enqueue), cancellationToken: cancellationToken);
        clock.Stop();
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        return new ToolAnswer(text, result.IsError == true, clock.Elapsed, [.. progress]);
    }

    /// <summary>Ends the server's process at once, as a crash or a kill would.</summary>
    public void Kill()
    {
        using var process = Process.GetProcessById(ProcessId);
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone (killed by the test).
        }
    }

    [GeneratedRegex(@"^info geonode-scraper-mcp: .* \(process (\d+)\)")]
    private static partial Regex StartedLine();

    /// <summary>Collects notifications synchronously, in the order they arrive.</summary>
    private sealed class Collector(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
