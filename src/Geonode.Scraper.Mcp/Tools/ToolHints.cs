namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// A tool's MCP annotations, which clients use to decide what to confirm with the user. A tool that spends account
/// balance is not read-only, so that clients that run read-only tools without asking still ask for it.
/// </summary>
/// <param name="ReadOnly">It changes nothing: no job, no charge, no file.</param>
/// <param name="Destructive">It may undo or destroy something (stopping a job drops its unread pages).</param>
/// <param name="Idempotent">Calling it again with the same arguments has no further effect.</param>
/// <param name="OpenWorld">It reaches the open web (pages, search results), not only this account's jobs and the root.</param>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    /// <summary>Starts billed work on the web: additive, and a repeat after the repeat window bills again.</summary>
    public static ToolHints Billed { get; } = new(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true);

    /// <summary>Reads this account's jobs.</summary>
    public static ToolHints Reads { get; } = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false);

    /// <summary>Writes files under the root, never over files it did not write; a repeat writes nothing twice.</summary>
    public static ToolHints Saves { get; } = new(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: false);

    /// <summary>Stops a job: what it had not read yet is lost; stopping it again changes nothing.</summary>
    public static ToolHints Stops { get; } = new(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false);
}
