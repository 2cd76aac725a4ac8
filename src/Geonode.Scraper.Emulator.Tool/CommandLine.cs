using System.Globalization;
using System.Reflection;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Tools;

namespace Geonode.Scraper.Emulator.Tool;

/// <summary>The tool's arguments: <c>--name value</c> or <c>--name=value</c>, each option at most once (<see cref="OptionTokens"/>).</summary>
internal sealed class CommandLine
{
    public const string Name = "geonode-scraper-emulator";

    public const string Usage = """
        geonode-scraper-emulator: the Geonode Scraper API emulator on 127.0.0.1, until Ctrl-C or SIGTERM.

        Usage: geonode-scraper-emulator [options]

        Options:
          --port N                      Port on 127.0.0.1 (default 0: a free port, printed on the first line).
          --key KEY                     The API key it accepts (default emulator-key).
          --queue-time-ms N             How long a new job stays queued (default 100).
          --page-time-ms N              How long one page takes to extract (default 50).
          --parallelism N               Pages of one batch or crawl extracted at the same time (default 25).
          --slow-factor N               How many times slower pages on *.slow.test are (default 20).
          --links-per-page N            Same-host links on each synthetic page (default 5).
          --plan-max-crawl-depth N      Crawl depth above which a crawl gets VALIDATION_ERROR (default 5).
          --concurrency-limit N         The plan's concurrency limit that /v1/usage reports (default 25).
          --enforce-concurrency-limit   Answer 429 CONCURRENCY_LIMIT to a new job when the limit is reached.
          --no-webhooks                 Deliver no webhooks.
          --latency-ms N                Latency added to every response (default 0).
          --version                     Show the version.
          -h, --help                    Show this help.

        The first line printed is "listening on http://127.0.0.1:PORT/". Faults are added over HTTP with
        POST /_emulator/faults (see the emulator's README).

        """;

    private static readonly string[] Flags = ["--enforce-concurrency-limit", "--no-webhooks", "--help", "-h", "--version"];

    private static readonly string[] Valued =
    [
        "--port", "--key", "--queue-time-ms", "--page-time-ms", "--parallelism", "--slow-factor", "--links-per-page",
        "--plan-max-crawl-depth", "--concurrency-limit", "--latency-ms",
    ];

    public EmulatorOptions Options { get; } = new();

    public bool Help { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>Gets the package version (Directory.Build.props), without the commit that SourceLink appends after a '+'.</summary>
    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public static bool TryParse(string[] args, out CommandLine command, out string error)
    {
        command = new CommandLine();
        error = OptionTokens.Read(args, Flags, Valued, command.SetFlag, command.Set, out _);
        return error.Length == 0;
    }

    private void SetFlag(string name)
    {
        switch (name)
        {
            case "--enforce-concurrency-limit": Options.EnforceConcurrencyLimit = true; break;
            case "--no-webhooks": Options.DeliverWebhooks = false; break;
            case "--version": ShowVersion = true; break;
            default: Help = true; break;
        }
    }

    private string Set(string name, string value)
    {
        if (name == "--key")
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return "option --key needs a non-empty value";
            }

            Options.ApiKey = value;
            return string.Empty;
        }

        Action<int> set = name switch
        {
            "--port" => n => Options.Port = n,
            "--queue-time-ms" => n => Options.QueueTime = TimeSpan.FromMilliseconds(n),
            "--page-time-ms" => n => Options.PageTime = TimeSpan.FromMilliseconds(n),
            "--parallelism" => n => Options.Parallelism = n,
            "--slow-factor" => n => Options.SlowFactor = n,
            "--links-per-page" => n => Options.LinksPerPage = n,
            "--plan-max-crawl-depth" => n => Options.PlanMaxCrawlDepth = n,
            "--concurrency-limit" => n => Options.ConcurrencyLimit = n,
            _ => n => Options.Latency = TimeSpan.FromMilliseconds(n),
        };

        var (min, max) = name switch
        {
            "--port" => (0, 65535),
            "--queue-time-ms" or "--page-time-ms" or "--latency-ms" or "--links-per-page" => (0, int.MaxValue),
            "--plan-max-crawl-depth" => (1, 10),
            _ => (1, int.MaxValue),
        };
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return $"option {name} needs a whole number from {min} to {max}, not '{value}'";
        }

        set(number);
        return string.Empty;
    }
}
