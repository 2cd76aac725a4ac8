using Spectre.Console;

namespace Geonode.Scraper.Samples;

/// <summary>
/// Progress and notes on stderr while a job runs: a live Spectre.Console progress bar when stderr is a terminal, and whole
/// plain lines when it is redirected (no carriage returns, a progress line only when it changes), so a log stays readable.
/// </summary>
internal sealed class StatusOutput
{
    private readonly IAnsiConsole? _live;
    private readonly ProgressTask? _bar;
    private string _lastLine = string.Empty;

    private StatusOutput(IAnsiConsole? live, ProgressTask? bar)
    {
        _live = live;
        _bar = bar;
    }

    /// <summary>Runs <paramref name="body"/> with a status output that lasts as long as it does.</summary>
    /// <param name="body">The work; it writes its progress and notes through the status output.</param>
    /// <param name="printsToStandardOutput">Whether the work also prints to stdout: then there is no live display while stdout
    /// is the same terminal, since the two would garble each other.</param>
    public static Task<T> RunAsync<T>(Func<StatusOutput, Task<T>> body, bool printsToStandardOutput = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Ansi || (printsToStandardOutput && !Console.IsOutputRedirected))
        {
            return body(new StatusOutput(null, null));
        }

        return console.Progress().AutoClear(false).StartAsync(context => body(new StatusOutput(console, context.AddTask("starting", maxValue: 1))));
    }

    /// <summary>Shows how far the job is: <paramref name="done"/> of <paramref name="total"/>, described by <paramref name="text"/>.</summary>
    public void Report(string text, int done, int total)
    {
        if (_bar is null)
        {
            if (text != _lastLine)
            {
                Console.Error.WriteLine(text);
                _lastLine = text;
            }

            return;
        }

        _bar.MaxValue = Math.Max(1, total);
        _bar.Value = done;
        _bar.Description = Markup.Escape(text);
    }

    /// <summary>Writes one line of text (above the progress bar on a terminal).</summary>
    public void Line(string text)
    {
        if (_live is null)
        {
            Console.Error.WriteLine(text);
        }
        else
        {
            _live.WriteLine(text);
        }
    }
}
