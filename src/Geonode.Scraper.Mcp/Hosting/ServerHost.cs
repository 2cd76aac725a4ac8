using System.Net;
using Geonode.Scraper.AI;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.Mcp.Common;
using Geonode.Scraper.Mcp.Files;
using Geonode.Scraper.Mcp.Jobs;
using Geonode.Scraper.Mcp.Security;
using Geonode.Scraper.Mcp.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Geonode.Scraper.Mcp.Hosting;

/// <summary>Puts the server together (client, ledger, tools) and runs it on stdio or Streamable HTTP until the client
/// goes away (stdin closes), or Ctrl-C or SIGTERM.</summary>
internal static class ServerHost
{
    /// <summary>Runs the server.</summary>
    /// <param name="command">The arguments.</param>
    /// <param name="apiKey">The API key; ignored with <c>--emulator</c>.</param>
    /// <param name="baseAddress">The API's address from the environment, or <see langword="null"/> for the SDK's default.</param>
    /// <returns>The process's exit code.</returns>
    public static async Task<int> RunAsync(CommandLine command, string? apiKey, Uri? baseAddress)
    {
        var time = TimeProvider.System;
        await using var emulator = command.Emulator ? await ScraperEmulator.StartAsync().ConfigureAwait(false) : null;
        var key = emulator?.ApiKey ?? apiKey!;
        var redactor = new SecretRedactor(key);
        var logs = new StderrLoggerProvider(command.LogLevel, redactor);
        using var loggerFactory = LoggerFactory.Create(b => Configure(b, command.LogLevel, logs));
        var log = loggerFactory.CreateLogger(CommandLine.Name);

        var root = new ExportRoot(command.ResolveRoot());
        try
        {
            root.Create();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{CommandLine.Name}: cannot use {root.Path} as the export root: {redactor.Redact(ex.Message)}").ConfigureAwait(false);
            return 2;
        }

        // The in-process emulator's jobs end with the process: there is nothing to find again after a restart.
        var ledger = emulator is null ? new FileJobLedger(root.LedgerPath, time) : null;
        ScraperClient client;
        try
        {
            var options = new ScraperClientOptions
            {
                ApiKey = key,
                BaseAddress = emulator?.BaseAddress ?? baseAddress,
                ApplicationId = $"{CommandLine.Name}/{CommandLine.Version}",
                JobLedger = ledger,
            };
#pragma warning disable CA2000 // the client owns and disposes the handler
            client = new ScraperClient(options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, time, loggerFactory);
#pragma warning restore CA2000
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{CommandLine.Name}: {redactor.Redact(ex.Message)}").ConfigureAwait(false);
            return 2;
        }

        using (client)
        {
            var tools = CreateTools(command, client, ledger, root, redactor, time, loggerFactory);
            Log.Started(
                log,
                CommandLine.Name,
                CommandLine.Version,
                Environment.ProcessId,
                command.Http ? "Streamable HTTP" : "stdio",
                emulator is null ? client.BaseAddress.ToString() : $"the in-process emulator at {client.BaseAddress}",
                root.Path,
                McpToolSchemas.Duration(command.ToolTimeout));
            void Configure(McpServerOptions options)
            {
                options.ServerInfo = new Implementation { Name = CommandLine.Name, Title = "Geonode Scraper", Version = CommandLine.Version };
                options.ServerInstructions = Instructions(command, root);
            }

            return command.Http
                ? await RunHttpAsync(command, logs, Configure, tools).ConfigureAwait(false)
                : await RunStdioAsync(command, logs, Configure, tools).ConfigureAwait(false);
        }
    }

    private static IReadOnlyList<McpServerTool> CreateTools(
        CommandLine command, ScraperClient client, IJobLedger? ledger, ExportRoot root, SecretRedactor redactor, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var actions = new JobActions(client, ledger, time, loggerFactory.CreateLogger<JobActions>());
        var agentOptions = new ScraperAIFunctionOptions
        {
            ToolTimeout = command.WaitBudget,
            MaxCrawlPages = command.MaxCrawlPages,
            MaxBatchUrls = command.MaxBatchUrls,
            TimeProvider = time,
        };
        var toolClient = new ToolScraperClient(client, actions, command.WaitBudget, agentOptions.RepeatWindow, loggerFactory.CreateLogger<ToolScraperClient>());
        var jobs = new JobTools(actions, root, command.WaitBudget, new RerunMemory(time, agentOptions.RepeatWindow));
        return ToolCatalog.Create(
            ScraperAIFunctions.Create(toolClient, agentOptions), jobs, command.ToolTimeout, redactor, time, loggerFactory.CreateLogger("Geonode.Scraper.Mcp.Tools"));
    }

    private static string Instructions(CommandLine command, ExportRoot root) =>
        "Reads the web through the Geonode Scraper API: one page (scrape_url), a search (search_web), a site's URLs (map_site),"
        + " a whole site (crawl_site) or a list of pages (scrape_urls). Tools marked Billed spend the user's Geonode credits."
        + $" No call takes longer than {McpToolSchemas.Duration(command.ToolTimeout)}: a crawl or batch still running then"
        + " answers with its job id and progress; call get_scrape_job with that id to follow it (each call waits a while"
        + " for it), and export_crawl or export_batch to save its pages as files in a folder under the user's export root"
        + $" ({root.Path}). Jobs survive a restart of this server.";

    /// <summary>Logs to stderr at the chosen level; at the default level the protocol's and the host's own chatter (a line per
    /// request) is left out.</summary>
    private static void Configure(ILoggingBuilder logging, LogLevel level, StderrLoggerProvider logs)
    {
        logging.SetMinimumLevel(level).AddProvider(logs);
        if (level == LogLevel.Information)
        {
            logging.AddFilter("ModelContextProtocol", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        }
    }

    private static async Task<int> RunStdioAsync(CommandLine command, StderrLoggerProvider logs, Action<McpServerOptions> configure, IReadOnlyList<McpServerTool> tools)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        Configure(builder.Logging.ClearProviders(), command.LogLevel, logs);
        builder.Services.AddMcpServer(configure).WithStdioServerTransport().WithTools(tools);
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunHttpAsync(CommandLine command, StderrLoggerProvider logs, Action<McpServerOptions> configure, IReadOnlyList<McpServerTool> tools)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        Configure(builder.Logging.ClearProviders(), command.LogLevel, logs);
        builder.WebHost.UseKestrel(kestrel =>
        {
            if (string.Equals(command.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(command.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(command.Host), command.Port);
            }
        });
        builder.Services.AddMcpServer(configure).WithHttpTransport().WithTools(tools);
        await using var app = builder.Build();
        if (command.LoopbackOnly)
        {
            app.UseMiddleware<LoopbackGuard>();
        }

        app.MapMcp("/mcp");
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel reports a port in use as an IOException.
            await Console.Error.WriteLineAsync($"{CommandLine.Name}: cannot listen on {command.Host} port {command.Port}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // The first line on stdout is for scripts and tests; stdout is not the protocol here.
        await Console.Out.WriteLineAsync($"listening on {address.TrimEnd('/')}/mcp").ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
