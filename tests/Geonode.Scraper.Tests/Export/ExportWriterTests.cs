using System.Text.Json;
using FluentAssertions;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper.Tests.Export;

public sealed class ExportWriterTests : IDisposable
{
    private const string JobId = "crawl-resume";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "export-writer-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>DESIGN §14: resuming reads the manifest as a stream. A JSON Lines export of 100,000 pages of 1 KB (about
    /// 120 MB of files, one page of 200 KB, a torn last line) resumes knowing every page while allocating less than 1 KB a
    /// page (its key and its manifest entry, about 600 bytes, whatever the page holds). Reading the files whole, as before,
    /// allocated about 4 KB a page here: the files' bytes, then a string of each line.</summary>
    [Fact]
    public async Task Open_ResumingALargeJsonlExport_ReadsTheFilesAsStreams_AndKnowsEveryPage()
    {
        const int Pages = 100_000;
        WriteJsonlExport(Pages, longPage: 4_321);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        using var writer = Open(ExportFormat.Jsonl);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        allocated.Should().BeLessThan(Pages * 1024L, "the files are read as streams: what is kept is the pages' keys, not their content");
        File.ReadAllBytes(writer.OutputPath!).Should().EndWith("}\n"u8.ToArray(), "the torn last line is cut off");
        for (var i = 0; i < Pages; i++)
        {
            var page = Page(i, "again");
            (await writer.WriteAsync(View(page), page, ScraperJsonContext.Default.CrawlPage, CancellationToken.None)).Should().BeFalse();
        }

        var torn = Page(Pages, "the page whose line was torn");
        (await writer.WriteAsync(View(torn), torn, ScraperJsonContext.Default.CrawlPage, CancellationToken.None)).Should().BeTrue();
        writer.Counts.Should().Be(new ExportProgress { Written = 1, AlreadyExported = Pages });
    }

    /// <summary>A failure recorded by an earlier run stays one until the page is written, and the manifest's latest word on a
    /// key wins; the Markdown file of a resumed page keeps its name.</summary>
    [Fact]
    public async Task Open_ResumingAMarkdownExport_KeepsFailuresUntilWritten_AndReusesEachPagesFile()
    {
        using (var first = Open(ExportFormat.Markdown))
        {
            foreach (var page in new[] { Page(0, "zero"), Page(1, "one") with { Status = JobStatus.Failed, ErrorCode = "TIMEOUT", Data = null }, Page(2, null) with { Status = JobStatus.Failed, ErrorCode = "BLOCKED", Data = null } })
            {
                await first.WriteAsync(View(page), page, ScraperJsonContext.Default.CrawlPage, CancellationToken.None);
            }
        }

        File.AppendAllText(Path.Combine(_folder, ExportWriter.ManifestFileName), "{\"key\":\"https://docs.example.test/p/2\",\"url\":\"https://docs.example.test/p/2\",\"path\":\"docs.example.test/p/2.md\",\"status\":\"completed\"}\n{\"key\":\"torn");
        File.WriteAllText(Path.Combine(_folder, "docs.example.test/p/2.md"), "two");

        using var second = Open(ExportFormat.Markdown);
        second.Failures().Select(f => (f.Url, f.ErrorCode)).Should().Equal(("https://docs.example.test/p/1", "TIMEOUT"));
        File.Delete(Path.Combine(_folder, "docs.example.test/p/0.md"));
        var again = Page(0, "zero, again");
        (await second.WriteAsync(View(again), again, ScraperJsonContext.Default.CrawlPage, CancellationToken.None)).Should().BeTrue("its file is gone");
        File.ReadAllText(Path.Combine(_folder, "docs.example.test/p/0.md")).Should().Be("zero, again");
    }

    private ExportWriter Open(ExportFormat format) =>
        ExportWriter.Open(_folder, "crawl", JobId, format, overwrite: false, Exporter.Crawl.KeyOfLine, "secret-key");

    private static CrawlPage Page(int i, string? markdown) => new()
    {
        Url = $"https://docs.example.test/p/{i}",
        Status = JobStatus.Completed,
        Depth = 1,
        Data = new PageContent { Markdown = markdown },
    };

    private static ExportItem View(CrawlPage page) => Exporter.Crawl.View(page);

    /// <summary>Writes the manifest and results.jsonl of a JSON Lines export of <paramref name="pages"/> pages of about 1 KB
    /// (one of 200 KB), then the torn first half of one more line.</summary>
    private void WriteJsonlExport(int pages, int longPage)
    {
        Directory.CreateDirectory(_folder);
        var manifestPath = Path.Combine(_folder, ExportWriter.ManifestFileName);
        var outputPath = Path.Combine(_folder, ExportWriter.JsonlFileName);
        using (var manifest = new BufferedStream(File.Create(manifestPath), 1 << 16))
        using (var output = new BufferedStream(File.Create(outputPath), 1 << 16))
        {
            WriteLine(manifest, JsonSerializer.SerializeToUtf8Bytes(
                new ExportManifestLine { Format = ExportManifestLine.FormatName, Version = ExportManifestLine.CurrentVersion, JobId = JobId, Kind = "crawl", Export = "jsonl" },
                ScraperJsonContext.Default.ExportManifestLine));
            var text = new string('m', 1_000);
            for (var i = 0; i <= pages; i++)
            {
                var page = Page(i, i == longPage ? new string('L', 200_000) : text);
                var line = JsonSerializer.SerializeToUtf8Bytes(page, ScraperJsonContext.Default.CrawlPage);
                if (i == pages)
                {
                    output.Write(line, 0, line.Length / 2);
                    break;
                }

                WriteLine(output, line);
                WriteLine(manifest, JsonSerializer.SerializeToUtf8Bytes(
                    new ExportManifestLine { Key = page.Url, Url = page.Url, Path = ExportWriter.JsonlFileName, Status = "completed" },
                    ScraperJsonContext.Default.ExportManifestLine));
            }
        }
    }

    private static void WriteLine(Stream stream, byte[] line)
    {
        stream.Write(line, 0, line.Length);
        stream.WriteByte((byte)'\n');
    }
}
