using Geonode.Scraper.Mcp.Tests.Support;
using Xunit.Abstractions;
using static Geonode.Scraper.Mcp.Tests.Support.TestEmulator;

namespace Geonode.Scraper.Mcp.Tests;

/// <summary>Exports go only into folders under <c>--root</c>; every other folder is refused with a sentence the model can
/// act on, and nothing is written.</summary>
public sealed class ExportRootTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Export_FolderOutsideTheRoot_IsRefusedWithASentenceTheModelCanActOn_AndNothingIsWritten()
    {
        await using var emulator = await StartAsync();
        using var root = new TempFolder();
        using var elsewhere = new TempFolder();
        Directory.CreateSymbolicLink(root.Combine("link-out"), elsewhere.Path);
        Directory.CreateDirectory(root.Combine("inside", "real"));
        Directory.CreateSymbolicLink(root.Combine("inside", "link-in"), root.Combine("inside", "real"));
        Directory.CreateDirectory(root.Combine("notes"));
        File.WriteAllText(root.Combine("notes", "todo.txt"), "the user's own file");
        await using var server = await ServerSession.StartAsync(["--root", root.Path], Environment(emulator));
        var crawl = JobIdIn((await server.CallAsync("crawl_site", new Dictionary<string, object?> { ["url"] = "https://docs.example.test/", ["max_pages"] = 2 })).Text);
        var other = JobIdIn((await server.CallAsync("crawl_site", new Dictionary<string, object?> { ["url"] = "https://blog.example.test/", ["max_pages"] = 2 })).Text);
        (await Export(crawl, "kept")).IsError.Should().BeFalse();

        async Task<ToolAnswer> Export(string jobId, string folder)
        {
            var answer = await server.CallAsync("export_crawl", new Dictionary<string, object?> { ["job_id"] = jobId, ["folder"] = folder });
            output.WriteLine($"{folder}: {answer}");
            return answer;
        }

        var refusals = new (string Folder, string Says)[]
        {
            ("../escaped", $"is outside the export root {root.Path}, and export_crawl writes only inside it"),
            ("a/../../escaped", "is outside the export root"),
            (elsewhere.Combine("absolute"), "is outside the export root"),
            ("/etc/geonode-export", "is outside the export root"),
            ("link-out/sub", "goes through a symbolic link ('link-out' under the export root)"),
            ("link-out", "goes through a symbolic link"),
            ("inside/link-in/x", "goes through a symbolic link ('inside/link-in' under the export root)"),
            ("inside", "goes through a symbolic link ('inside/link-in' under the export root)"),
            (".", "is the export root itself"),
            (root.Path, "is the export root itself"),
            (".geonode-mcp/jobs", "is where this server keeps its job ledger"),
            ("notes", "already holds files that are not an export"),
            ("notes/todo.txt", "is a file, not a folder"),
        };
        foreach (var (folder, says) in refusals)
        {
            var answer = await Export(crawl, folder);
            answer.IsError.Should().BeTrue(folder);
            answer.Text.Should().StartWith("Error: ").And.Contain(says, folder).And.Contain("Call export_crawl again", folder);
        }

        var mixed = await Export(other, "kept");
        mixed.Text.Should().Contain($"holds the export of another job ({crawl})").And.Contain($"such as 'kept-{other[..8]}'");

        Directory.GetFileSystemEntries(elsewhere.Path).Should().BeEmpty("nothing was written through the link or the absolute path");
        Directory.Exists(Path.Combine(Path.GetDirectoryName(root.Path)!, "escaped")).Should().BeFalse();
        Directory.GetFileSystemEntries(root.Combine("notes")).Should().Equal([root.Combine("notes", "todo.txt")]);
        Directory.GetFileSystemEntries(root.Combine("inside", "real")).Should().BeEmpty();

        var absoluteInside = await Export(crawl, root.Combine("exports", "docs"));
        absoluteInside.Text.Should().StartWith($"The export of crawl job {crawl} is complete: 2 pages saved in {root.Combine("exports", "docs")}");
    }
}
