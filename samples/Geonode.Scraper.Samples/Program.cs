using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using Geonode.Scraper.Samples;

// geonode-scraper-sample: extract, batch, crawl, map, search and usage from the command line, and resume or cancel a batch
// or crawl left running. With GEONODE_SCRAPER_API_KEY set it calls the real API; without, it starts the local emulator
// in-process. Results go to stdout or files; progress and errors to stderr. Exit codes: see ExitCodes.
var root = new RootCommand(
    "Geonode Scraper SDK sample: turn web pages into Markdown. Without GEONODE_SCRAPER_API_KEY it runs against a local emulator.\n"
    + "Exit codes: 0 done, 1 error, 2 bad arguments or input, 3 some URLs or pages failed, 130 cancelled (Ctrl-C, SIGTERM).")
{
    Commands.Verbose,
    Commands.Extract(),
    Commands.WithRetryFailed(Commands.Batch()),
    Commands.Crawl(),
    Commands.Map(),
    Commands.Search(),
    Commands.Usage(),
    Commands.Resume(),
    Commands.Cancel(),
    WebhooksCommand.Create(),
    ReplicasCommand.Create(),
    AskCommand.Create(),
};
root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction();

var parse = root.Parse(args);
if (parse.Action is ParseErrorAction)
{
    // One error and where to look, not the whole help. A word the parser does not know is the likeliest typo: it comes first.
    var error = parse.UnmatchedTokens.Count > 0 ? $"unrecognized argument '{parse.UnmatchedTokens[0]}'" : parse.Errors[0].Message;
    return Commands.UsageError(parse.CommandResult.Command, error);
}

// Ctrl-C and SIGTERM cancel the command: it stops, says what it left running on the server, and exits with 130.
// A second signal ends the process at once.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
