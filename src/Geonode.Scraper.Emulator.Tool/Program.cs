using System.Runtime.InteropServices;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Emulator.Tool;

// geonode-scraper-emulator [--port N] [--key KEY] [...]: the emulator alone, until Ctrl-C or SIGTERM.
if (!CommandLine.TryParse(args, out var command, out var error))
{
    await Console.Error.WriteLineAsync($"{CommandLine.Name}: {error} (try --help)");
    return 2;
}

if (command.Help)
{
    await Console.Out.WriteAsync(CommandLine.Usage);
    return 0;
}

if (command.ShowVersion)
{
    await Console.Out.WriteLineAsync(CommandLine.Version);
    return 0;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    // Ours to handle: stop the emulator, then return from Main.
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

ScraperEmulator emulator;
try
{
    emulator = await ScraperEmulator.StartAsync(command.Options);
}
catch (IOException ex)
{
    // Kestrel reports a port in use as an IOException.
    await Console.Error.WriteLineAsync($"{CommandLine.Name}: cannot listen on port {command.Options.Port}: {ex.Message}");
    return 1;
}

await using (emulator)
{
    // The first line is for scripts: "listening on http://127.0.0.1:PORT/".
    Console.Out.WriteLine($"listening on {emulator.BaseAddress}");
    Console.Out.WriteLine($"api key: {emulator.ApiKey}");
    Console.Out.WriteLine($"export SCRAPER_API_BASE_URL={emulator.BaseAddress} GEONODE_SCRAPER_API_KEY={emulator.ApiKey}");
    Console.Out.WriteLine("Ctrl-C or SIGTERM stops it.");
    await stop.Task;
}

Console.Out.WriteLine("stopped");
return 0;
