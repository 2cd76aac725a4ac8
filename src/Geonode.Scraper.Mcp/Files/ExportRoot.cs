using Geonode.Scraper.Mcp.Tools;

namespace Geonode.Scraper.Mcp.Files;

/// <summary>
/// The folder the user gave with <c>--root</c>: every file a tool writes is under it, and the server's own state (the job
/// ledger) is in its <see cref="PrivateFolderName"/> folder. A folder a model names is taken relative to the root (or as
/// an absolute path inside it) and refused, with a sentence the model can act on, when it would lead anywhere else:
/// <c>..</c> out of the root, an absolute path elsewhere, a symbolic link on the way or inside it (links are never
/// followed, wherever they point), the root itself, or the server's private folder.
/// </summary>
internal sealed class ExportRoot
{
    /// <summary>The folder under the root that holds the server's state.</summary>
    public const string PrivateFolderName = ".geonode-mcp";

    /// <summary>Initializes a new instance of the <see cref="ExportRoot"/> class.</summary>
    /// <param name="path">The root folder; created if missing.</param>
    public ExportRoot(string path)
    {
        Path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Gets the root's full path.</summary>
    public string Path { get; }

    /// <summary>Gets the file of the job ledger.</summary>
    public string LedgerPath => System.IO.Path.Combine(Path, PrivateFolderName, "jobs.ledger");

    /// <summary>Resolves the folder a model named for <paramref name="tool"/>.</summary>
    /// <param name="folder">The folder as the model wrote it.</param>
    /// <param name="tool">The tool, named in the refusal.</param>
    /// <returns>The folder's full path, inside the root.</returns>
    /// <exception cref="ToolArgumentException">The folder is not one the tool may write into.</exception>
    public string Resolve(string folder, string tool)
    {
        var example = Example(folder);
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(folder) ? folder : System.IO.Path.Combine(Path, folder)));
        var relative = System.IO.Path.GetRelativePath(Path, full);
        if (relative == ".")
        {
            throw new ToolArgumentException($"The folder '{folder}' is the export root itself; {tool} writes each export into a folder of its own. Call {tool} again with a folder inside the root, such as '{example}'.");
        }

        if (relative == ".." || relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative))
        {
            throw new ToolArgumentException($"The folder '{folder}' is outside the export root {Path}, and {tool} writes only inside it. Call {tool} again with a folder relative to the root, such as '{example}'.");
        }

        var segments = relative.Split(System.IO.Path.DirectorySeparatorChar);
        if (string.Equals(segments[0], PrivateFolderName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolArgumentException($"The folder '{folder}' is where this server keeps its job ledger. Call {tool} again with another folder, such as '{example}'.");
        }

        var current = Path;
        foreach (var segment in segments)
        {
            current = System.IO.Path.Combine(current, segment);
            var entry = new FileInfo(current);
            if (entry.LinkTarget is not null)
            {
                throw Link(folder, tool, current, example);
            }

            if (entry.Exists)
            {
                throw new ToolArgumentException($"'{System.IO.Path.GetRelativePath(Path, current)}' under the export root is a file, not a folder. Call {tool} again with another folder, such as '{example}'.");
            }

            if (!Directory.Exists(current))
            {
                return full;   // the rest does not exist yet: the export creates it
            }
        }

        // The folder exists: nothing inside it may lead elsewhere either (the export writes into its subfolders).
        foreach (var inside in Directory.EnumerateFileSystemEntries(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            if (new FileInfo(inside).LinkTarget is not null)
            {
                throw Link(folder, tool, inside, example);
            }
        }

        return full;
    }

    /// <summary>Creates the root and the server's private folder in it.</summary>
    /// <exception cref="IOException">The folders cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folders cannot be created.</exception>
    public void Create()
    {
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, PrivateFolderName));
    }

    /// <summary>Returns the root's path.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(ExportRoot)} {{ {Path} }}";

    private ToolArgumentException Link(string folder, string tool, string link, string example) =>
        new($"The folder '{folder}' goes through a symbolic link ('{System.IO.Path.GetRelativePath(Path, link)}' under the export root), which could lead outside the root; {tool} does not follow links. Call {tool} again with a new folder that has no link in it, such as '{example}'.");

    /// <summary>A folder name to suggest: the last part of what the model wrote, made safe, or a generic one.</summary>
    private static string Example(string folder)
    {
        var last = folder.Replace('\\', '/').TrimEnd('/').Split('/').LastOrDefault(s => s is not ("" or "." or ".."));
        var safe = new string((last ?? string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray()).Trim('.');
        return safe.Length is > 0 and <= 60 && !string.Equals(safe, PrivateFolderName.Trim('.'), StringComparison.OrdinalIgnoreCase) ? safe : "site-export";
    }
}
