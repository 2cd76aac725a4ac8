using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>An emulator in the test process, with a key no answer may contain, and the environment that points the server
/// at it.</summary>
public static partial class TestEmulator
{
    /// <summary>A key that no tool result, error or log line may ever contain.</summary>
    public const string Key = "gnk-DISTINCTIVE-mcp-5Rq8Zt-secret";

    public static Task<ScraperEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(10), PageTime = TimeSpan.FromMilliseconds(10) };
        options.ApiKey = Key;
        return ScraperEmulator.StartAsync(options);
    }

    public static IReadOnlyDictionary<string, string?> Environment(ScraperEmulator emulator) => new Dictionary<string, string?>
    {
        ["GEONODE_SCRAPER_API_KEY"] = emulator.ApiKey,
        ["SCRAPER_API_BASE_URL"] = emulator.BaseAddress.ToString(),
    };

    /// <summary>The first job id in a tool's text.</summary>
    public static string JobIdIn(string text) => JobIdPattern().Match(text).Value;

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex JobIdPattern();
}
