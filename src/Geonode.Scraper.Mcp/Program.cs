using Geonode.Scraper.Mcp.Hosting;

// geonode-scraper-mcp [--root DIR] [--tool-timeout 25s] [--emulator] [--http --port N]: the MCP server, until the client
// closes stdin (stdio), or Ctrl-C or SIGTERM.
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

var apiKey = Environment.GetEnvironmentVariable(CommandLine.ApiKeyVariable);
if (!command.Emulator && string.IsNullOrWhiteSpace(apiKey))
{
    await Console.Error.WriteLineAsync(
        $"{CommandLine.Name}: {CommandLine.ApiKeyVariable} is not set: set it to your Geonode Scraper API key, or pass --emulator to try the tools on the built-in emulator");
    return 2;
}

Uri? baseAddress = null;
if (!command.Emulator && Environment.GetEnvironmentVariable(CommandLine.BaseAddressVariable) is { Length: > 0 } address
    && (!Uri.TryCreate(address, UriKind.Absolute, out baseAddress) || baseAddress.Scheme is not ("https" or "http")))
{
    await Console.Error.WriteLineAsync($"{CommandLine.Name}: {CommandLine.BaseAddressVariable} must be an absolute http(s) address, not '{address}'");
    return 2;
}

return await ServerHost.RunAsync(command, apiKey, baseAddress);
