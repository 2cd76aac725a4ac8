using System.Globalization;
using System.Reflection;
using Geonode.Scraper.Tools;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Mcp.Hosting;

/// <summary>The server's arguments: <c>--name value</c> or <c>--name=value</c>, each option at most once (<see cref="OptionTokens"/>).</summary>
internal sealed class CommandLine
{
    /// <summary>The command's name, as it starts every line it prints about its arguments.</summary>
    public const string Name = "geonode-scraper-mcp";

    /// <summary>The environment variable of the API key (the SDK's own name for it).</summary>
    public const string ApiKeyVariable = ScraperClientOptions.ApiKeyEnvironmentVariable;

    /// <summary>The environment variable of the API's address (the SDK's own name for it).</summary>
    public const string BaseAddressVariable = ScraperClientOptions.BaseAddressEnvironmentVariable;

    public const string Usage = """
        geonode-scraper-mcp: the Geonode Scraper API as a local MCP server (Model Context Protocol).

        Usage: geonode-scraper-mcp [options]

        Speaks MCP on stdin/stdout by default (what VS Code, Visual Studio and Claude Desktop start); logs go to stderr.

        Options:
          --root DIR               Exports are written under DIR, and the job ledger is kept in DIR/.geonode-mcp
                                   (default: geonode-scraper in your home folder). No tool writes outside it.
          --tool-timeout TIME      The longest a tool call waits for a crawl, batch or export before it answers with
                                   the job id and progress; the job goes on (default 25s; e.g. 2s, 90s, 2m).
          --max-crawl-pages N      The most pages crawl_site lets a model ask for (default 25, at most 10000).
          --max-batch-urls N       The most URLs scrape_urls accepts in one call (default 25, at most 1000).
          --emulator               Serve the tools from the built-in emulator (synthetic pages, no API key, no cost).
          --http                   Speak Streamable HTTP at http://HOST:PORT/mcp instead of stdio.
          --port N                 With --http: the port (default 0: a free one; the first line printed says which).
          --host ADDRESS           With --http: the address to listen on (default 127.0.0.1). Anyone who can reach it
                                   spends your API key's credits: keep it on loopback.
          --log-level LEVEL        trace, debug, information, warning, error or none (default information), to stderr.
          --version                Show the version.
          -h, --help               Show this help.

        Environment:
          GEONODE_SCRAPER_API_KEY  Your Geonode Scraper API key (required unless --emulator is given).
          SCRAPER_API_BASE_URL     Another API address (for example an emulator run with geonode-scraper-emulator).

        """;

    private static readonly string[] Flags = ["--emulator", "--http", "--help", "-h", "--version"];

    private static readonly string[] Valued =
    [
        "--root", "--tool-timeout", "--max-crawl-pages", "--max-batch-urls", "--port", "--host", "--log-level",
    ];

    /// <summary>Gets the default of <see cref="ToolTimeout"/>: under the 30 to 60 seconds after which MCP clients commonly
    /// give up on a request.</summary>
    public static TimeSpan DefaultToolTimeout { get; } = TimeSpan.FromSeconds(25);

    /// <summary>Gets the package version (Directory.Build.props), without the commit that SourceLink appends after a '+'.</summary>
    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public bool Help { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>Gets the export root as given, or <see langword="null"/> for the default.</summary>
    public string? Root { get; private set; }

    public TimeSpan ToolTimeout { get; private set; } = DefaultToolTimeout;

    public int MaxCrawlPages { get; private set; } = 25;

    public int MaxBatchUrls { get; private set; } = 25;

    public bool Emulator { get; private set; }

    public bool Http { get; private set; }

    public int Port { get; private set; }

    public string Host { get; private set; } = "127.0.0.1";

    public LogLevel LogLevel { get; private set; } = LogLevel.Information;

    /// <summary>Gets how long a call may wait for a job: the bound less a fifth (at most 5 s) kept for reading and
    /// writing the answer, so that the whole call stays within <see cref="ToolTimeout"/>.</summary>
    public TimeSpan WaitBudget => ToolTimeout - TimeSpan.FromTicks(Math.Min(ToolTimeout.Ticks / 5, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>Gets whether the HTTP transport listens on a loopback address only.</summary>
    public bool LoopbackOnly =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(Host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>Gets the folder that <see cref="Root"/> names, or the default one in the user's home folder.</summary>
    public string ResolveRoot() => Path.GetFullPath(Root ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "geonode-scraper"));

    public static bool TryParse(IReadOnlyList<string> args, out CommandLine command, out string error)
    {
        command = new CommandLine();
        error = OptionTokens.Read(args, Flags, Valued, command.SetFlag, command.Set, out var seen);
        if (error.Length > 0)
        {
            return false;
        }

        if (!command.Http && (seen.Contains("--port") || seen.Contains("--host")))
        {
            error = $"option {(seen.Contains("--port") ? "--port" : "--host")} needs --http (stdio has no address)";
            return false;
        }

        return true;
    }

    private void SetFlag(string name)
    {
        switch (name)
        {
            case "--emulator": Emulator = true; break;
            case "--http": Http = true; break;
            case "--version": ShowVersion = true; break;
            default: Help = true; break;
        }
    }

    private string Set(string name, string value)
    {
        switch (name)
        {
            case "--root":
                if (string.IsNullOrWhiteSpace(value))
                {
                    return "option --root needs a folder";
                }

                Root = value;
                return string.Empty;
            case "--host":
                if (!string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(value, out _))
                {
                    return $"option --host needs an IP address or localhost, not '{value}'";
                }

                Host = value;
                return string.Empty;
            case "--tool-timeout":
                if (!TryParseDuration(value, out var timeout) || timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(30))
                {
                    return $"option --tool-timeout needs a time from 1s to 30m, such as 25s or 2m, not '{value}'";
                }

                ToolTimeout = timeout;
                return string.Empty;
            case "--log-level":
                if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level) || int.TryParse(value, CultureInfo.InvariantCulture, out _))
                {
                    return $"option --log-level needs trace, debug, information, warning, error or none, not '{value}'";
                }

                LogLevel = level;
                return string.Empty;
        }

        var (min, max) = name switch
        {
            "--port" => (0, 65535),
            "--max-crawl-pages" => (1, 10_000),
            _ => (1, 1_000),
        };
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return $"option {name} needs a whole number from {min} to {max}, not '{value}'";
        }

        switch (name)
        {
            case "--port": Port = number; break;
            case "--max-crawl-pages": MaxCrawlPages = number; break;
            default: MaxBatchUrls = number; break;
        }

        return string.Empty;
    }

    /// <summary>Reads <c>500ms</c>, <c>25s</c>, <c>2m</c> or a plain number of seconds.</summary>
    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var ok = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
        duration = ok ? TimeSpan.FromSeconds(value * unit) : TimeSpan.Zero;
        return ok;
    }
}
