using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>
/// The test assembly doubles as a small application for <see cref="ToolTests"/>: <c>dotnet Geonode.Scraper.Emulator.Tests.dll
/// host-in-process</c> hosts an emulator in-process, prints its address, and then waits, with no signal handling of its
/// own, so that a SIGTERM or SIGINT must end the process as it would any .NET program.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["host-in-process"])
        {
            return 0;
        }

        await using var emulator = await ScraperEmulator.StartAsync();
        Console.Out.WriteLine($"listening on {emulator.BaseAddress}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
