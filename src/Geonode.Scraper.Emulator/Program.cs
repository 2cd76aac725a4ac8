using System.Globalization;
using Geonode.Scraper.Emulator;

// dotnet run --project src/Geonode.Scraper.Emulator [-- --port 5055 --key my-key]
var options = new EmulatorOptions();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--key":
            options.ApiKey = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Usage: [--port N] [--key KEY]");
            return 2;
    }
}

await using var emulator = await ScraperEmulator.StartAsync(options);
Console.WriteLine($"Geonode Scraper emulator listening on {emulator.BaseAddress}");
Console.WriteLine($"API key: {emulator.ApiKey}");
Console.WriteLine($"export SCRAPER_API_BASE_URL={emulator.BaseAddress} GEONODE_SCRAPER_API_KEY={emulator.ApiKey}");
Console.WriteLine("Press Ctrl+C to stop.");

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
await stopped.Task;
return 0;
