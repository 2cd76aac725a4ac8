using System.Text;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_3b9f0c1d2e";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        {"event":"extract_completed","webhook_id":"w1","delivery_id":"d1","timestamp":"2026-09-02T08:05:12Z",
         "data":{"job_id":"j1","status":"completed","created_at":"2026-09-02T08:05:00Z","data":{"markdown":"# Hi"},"tokens_charged":1}}
        """);

    private static string Expected() => TestSignature.Hex(Secret, Body);

    [Fact]
    public void Verify_AcceptsBareHexPrefixedAndUppercase()
    {
        WebhookSignature.Verify(Secret, Body, Expected()).Should().BeTrue();
        WebhookSignature.Verify(Secret, Body, "sha256=" + Expected()).Should().BeTrue();
        WebhookSignature.Verify(Secret, Body, Expected().ToUpperInvariant()).Should().BeTrue();
        WebhookSignature.Verify(Secret, Body, "sha256=" + new string('0', 64) + ", sha256=" + Expected()).Should().BeTrue("any of several signatures may match");
        WebhookSignature.Compute(Secret, Body).Should().Be("sha256=" + Expected());
    }

    [Fact]
    public void Verify_WrongSecret_Fails() => WebhookSignature.Verify("whsec_other", Body, Expected()).Should().BeFalse();

    [Fact]
    public void Verify_TamperedBody_Fails()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 0x01;
        WebhookSignature.Verify(Secret, tampered, Expected()).Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=abcdef")]
    [InlineData("not hex at all, not hex at all, not hex at all, not hex at all!!")]
    public void Verify_MissingOrMalformedHeader_Fails(string? header) => WebhookSignature.Verify(Secret, Body, header).Should().BeFalse();

    [Fact]
    public void Verify_WrongLength_Fails()
    {
        WebhookSignature.Verify(Secret, Body, Expected()[..62]).Should().BeFalse();
        WebhookSignature.Verify(Secret, Body, Expected() + "00").Should().BeFalse();
    }

    [Fact]
    public void Verify_EmptySecret_Throws() =>
        FluentActions.Invoking(() => WebhookSignature.Verify("", Body, Expected())).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("secret");

    [Fact]
    public void Parse_VerifiedDelivery_GivesTheTypedEvent()
    {
        var evt = WebhookEvent.Parse(Secret, Body, "sha256=" + Expected());

        evt.EventType.Should().Be(WebhookEventType.ExtractCompleted);
        evt.WebhookId.Should().Be("w1");
        evt.DeliveryId.Should().Be("d1");
        evt.Timestamp.Should().Be(DateTimeOffset.Parse("2026-09-02T08:05:12Z"));
        var job = evt.GetExtractJob()!;
        job.JobId.Should().Be("j1");
        job.Data!.Markdown.Should().Be("# Hi");
        evt.GetCrawlJob().Should().BeNull();
        evt.GetBatchJob().Should().BeNull();
    }

    [Fact]
    public void Parse_UnverifiedDelivery_Throws_AndTryParseSaysFalse()
    {
        FluentActions.Invoking(() => WebhookEvent.Parse(Secret, Body, "sha256=" + new string('a', 64))).Should().Throw<WebhookVerificationException>();
        FluentActions.Invoking(() => WebhookEvent.Parse(Secret, Body, null)).Should().Throw<WebhookVerificationException>().WithMessage("*no X-Webhook-Signature*");
        WebhookEvent.TryParse(Secret, Body, "garbage", out var evt).Should().BeFalse();
        evt.Should().BeNull();
    }

    [Fact]
    public void Parse_UnknownEventKind_IsKept()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"map_completed","webhook_id":"w1","delivery_id":"d2","timestamp":"2026-09-02T08:05:12Z","data":{"job_id":"m1"}}""");

        var evt = WebhookEvent.Parse(Secret, body, WebhookSignature.Compute(Secret, body));

        evt.EventType.ToString().Should().Be("map_completed");
        evt.Data.GetProperty("job_id").GetString().Should().Be("m1");
        evt.GetExtractJob().Should().BeNull();
    }

    [Fact]
    public void Parse_VerifiedButNotJson_ThrowsVerificationException()
    {
        var body = Encoding.UTF8.GetBytes("<html>not json</html>");
        FluentActions.Invoking(() => WebhookEvent.Parse(Secret, body, WebhookSignature.Compute(Secret, body))).Should().Throw<WebhookVerificationException>();
    }
}
