using ModelContextProtocol;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>What one tool call answered.</summary>
public sealed record ToolAnswer(string Text, bool IsError, TimeSpan Elapsed, IReadOnlyList<ProgressNotificationValue> Progress)
{
    public override string ToString() => $"[{Elapsed.TotalMilliseconds:0} ms{(IsError ? ", error" : string.Empty)}] {Text}";
}
