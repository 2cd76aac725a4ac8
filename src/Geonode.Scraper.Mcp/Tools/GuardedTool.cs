using Geonode.Scraper.Mcp.Common;
using Geonode.Scraper.Mcp.Security;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// Every tool as the client calls it: the call's progress notifications are open while it runs (<see cref="CallProgress"/>),
/// an answer that starts with <c>Error:</c> is marked as a tool error, nothing escapes as an exception except the client's
/// cancellation, and the API key is removed from whatever the answer quotes.
/// </summary>
internal sealed class GuardedTool(McpServerTool inner, SecretRedactor redactor, TimeProvider time, ILogger logger) : DelegatingMcpServerTool(inner)
{
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = ProtocolTool.Name;
        var started = time.GetTimestamp();
        var progress = CallProgress.Begin(request, time, logger);
        CallToolResult result;
        try
        {
            result = await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ToolFailed(logger, name, ex.GetType().Name);
            result = new CallToolResult
            {
                Content = [new TextContentBlock { Text = $"Error: {name} failed unexpectedly ({ex.GetType().Name}). Retrying is unlikely to help; continue without this result." }],
            };
        }
        finally
        {
            await progress.DisposeAsync().ConfigureAwait(false);
        }

        var answer = Redacted(result);
        Log.ToolAnswered(logger, name, (long)time.GetElapsedTime(started).TotalMilliseconds, answer.IsError == true ? " with an error" : string.Empty);
        return answer;
    }

    private CallToolResult Redacted(CallToolResult result)
    {
        var content = result.Content.Select(block => block is TextContentBlock text ? new TextContentBlock { Text = redactor.Redact(text.Text) } : block).ToList();
        return new CallToolResult
        {
            Content = content,
            IsError = result.IsError == true || content.OfType<TextContentBlock>().Any(t => t.Text.StartsWith("Error:", StringComparison.Ordinal)),
        };
    }
}
