using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper.Tests.Export;

public sealed class ExportPathsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "export-root");

    [Theory]
    [InlineData("https://docs.example.test", "docs.example.test/index.md")]
    [InlineData("https://docs.example.test/", "docs.example.test/index.md")]
    [InlineData("https://docs.example.test/p/7", "docs.example.test/p/7.md")]
    [InlineData("https://docs.example.test/guide/", "docs.example.test/guide/index.md")]
    [InlineData("https://Docs.Example.test:8443/a", "docs.example.test%3A8443/a.md")]
    [InlineData("https://user:secret@docs.example.test/a", "docs.example.test/a.md")]
    [InlineData("https://hostile.test/docs/../../etc/passwd", "hostile.test/docs/%2E%2E/%2E%2E/etc/passwd.md")]
    [InlineData("https://hostile.test/docs/%2e%2e/%2e%2e/secret", "hostile.test/docs/%2E%2E/%2E%2E/secret.md")]
    [InlineData("https://hostile.test/docs/%2F..%5Cx", "hostile.test/docs/%2F..%5Cx.md")]
    [InlineData("https://hostile.test/CON", "hostile.test/%43ON.md")]
    [InlineData("https://hostile.test/aux.txt", "hostile.test/%61ux.txt.md")]
    [InlineData("https://hostile.test/com1/x", "hostile.test/%63om1/x.md")]
    [InlineData("https://hostile.test/page?x=1&next=../../z", "hostile.test/page%3Fx=1&next=..%2F..%2Fz.md")]
    [InlineData("https://hostile.test/.git/config", "hostile.test/%2Egit/config.md")]
    [InlineData("https://hostile.test/notes.md/x", "hostile.test/notes%2Emd/x.md")]
    [InlineData("https://hostile.test/caf%C3%A9", "hostile.test/café.md")]
    [InlineData("https://hostile.test/a%3Cb%3E%7C%22%2A", "hostile.test/a%3Cb%3E%7C%22%2A.md")]
    [InlineData("https://hostile.test/trailing.", "hostile.test/trailing%2E.md")]
    public void RelativePath_MapsUrlsToSafePaths(string url, string expected) =>
        ExportPaths.RelativePath(url).Should().Be(expected);

    [Fact]
    public void RelativePath_OverLongSegment_IsCutAndHashed()
    {
        var a = ExportPaths.RelativePath("https://hostile.test/" + new string('a', 300));
        var b = ExportPaths.RelativePath("https://hostile.test/" + new string('a', 301));

        var file = a.Split('/')[^1];
        Encoding.UTF8.GetByteCount(file).Should().BeLessThanOrEqualTo(ExportPaths.MaxSegmentBytes + 3);
        file.Should().MatchRegex("^a+~[0-9a-f]{10}\\.md$");
        b.Should().NotBe(a, "the hash tells segments that share a prefix apart");
    }

    [Fact]
    public void RelativePath_OverLongEncodedSegment_NeverSplitsAnEscape()
    {
        var file = ExportPaths.RelativePath("https://hostile.test/" + string.Concat(Enumerable.Repeat("%2F", 200))).Split('/')[^1];

        file.Should().MatchRegex("^(%2F)+~[0-9a-f]{10}\\.md$");
    }

    private static readonly string[] Pieces =
    [
        "/", "..", ".", "%2e", "%2E%2e", "%2F", "%5C", "\\", ":", "?", "#", "&", "%", "%00", "%zz", " ", "CON", "aux", "com1", "LPT9",
        ".md", "md", "a", "Z", "é", "%C3%A9", "日本", "\ud83d\ude00", "\0", "\t", "<", ">", "|", "\"", "*", new string('x', 60), "%41",
    ];

    [Property(MaxTest = 1000)]
    public Property AnyUrl_StaysInsideTheRoot_WithPortableSegments() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements(Pieces)).Select(string.Concat).ToArbitrary(), raw =>
        {
            var url = "https://hostile.test/" + raw;
            var relative = ExportPaths.RelativePath(url);
            var full = ExportPaths.FullPath(Root, relative);
            var segments = relative.Split('/');
            return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && segments.All(s => s.Length > 0 && s.Trim('.').Length > 0 && !s.StartsWith('.') && !s.EndsWith('.') && !s.EndsWith(' '))
                && segments.All(s => s.IndexOfAny(['\\', ':', '*', '?', '"', '<', '>', '|', '\0']) < 0 && !s.Any(char.IsControl))
                && segments.All(s => Encoding.UTF8.GetByteCount(s) <= ExportPaths.MaxSegmentBytes + 3)
                && segments.Skip(1).SkipLast(1).All(s => !s.EndsWith(".md", StringComparison.OrdinalIgnoreCase));
        });

    [Fact]
    public void FullPath_RelativePathThatClimbs_Throws() =>
        FluentActions.Invoking(() => ExportPaths.FullPath(Root, "../outside.md")).Should().Throw<InvalidOperationException>();
}
