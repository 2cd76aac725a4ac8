using Geonode.Scraper.Mcp.Security;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Mcp.Hosting;

/// <summary>
/// Logs one line per entry to stderr, with the API key redacted. On stdio, stdout carries the protocol: nothing else may
/// write there, and MCP clients show a server's stderr in their logs.
/// </summary>
internal sealed class StderrLoggerProvider(LogLevel minimum, SecretRedactor redactor, TextWriter? writer = null) : ILoggerProvider
{
    private readonly TextWriter _writer = writer ?? Console.Error;
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this, categoryName);

    public void Dispose()
    {
    }

    internal bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= minimum;

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var text = $"{Label(level)} {category}: {message}";
        if (exception is not null)
        {
            text += minimum <= LogLevel.Debug ? Environment.NewLine + exception : $" ({exception.GetType().Name}: {exception.Message})";
        }

        text = redactor.Redact(text);
        lock (_lock)
        {
            _writer.WriteLine(text);
            _writer.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
