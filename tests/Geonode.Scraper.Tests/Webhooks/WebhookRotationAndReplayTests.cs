using System.Globalization;
using System.Text;
using Geonode.Scraper.Tests.Support;
using FakeTimeProvider = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace Geonode.Scraper.Tests.Webhooks;

public sealed class WebhookRotationAndReplayTests
{
    private const string OldSecret = "whsec_old_0a1b2c3d";
    private const string NewSecret = "whsec_new_4e5f6a7b";
    private static readonly DateTimeOffset SentAt = new(2026, 9, 2, 8, 5, 12, TimeSpan.Zero);

    private static byte[] Envelope(DateTimeOffset? timestamp, string deliveryId = "d1", string jobId = "j1", string eventType = "extract_completed")
    {
        var stamp = timestamp is { } t ? $"\"timestamp\":\"{t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\"," : string.Empty;
        return Encoding.UTF8.GetBytes(
            $$$"""{"event":"{{{eventType}}}","webhook_id":"w1","delivery_id":"{{{deliveryId}}}",{{{stamp}}}"data":{"job_id":"{{{jobId}}}","status":"completed"}}""");
    }

    private static WebhookVerificationOptions At(DateTimeOffset now, TimeSpan? tolerance = null) => new()
    {
        TimeProvider = new FakeTimeProvider(now),
        Tolerance = tolerance ?? TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void Verify_SeveralSecrets_AcceptsASignatureByAnyOfThem()
    {
        var body = Envelope(SentAt);

        WebhookSignature.Verify([OldSecret, NewSecret], body, TestSignature.Hex(OldSecret, body)).Should().BeTrue("the old secret is still accepted during the rotation");
        WebhookSignature.Verify([OldSecret, NewSecret], body, TestSignature.Hex(NewSecret, body)).Should().BeTrue();
        WebhookSignature.Verify([NewSecret, OldSecret], body, "sha256=" + TestSignature.Hex(NewSecret, body)).Should().BeTrue("order does not matter");
    }

    [Fact]
    public void Verify_RotatedOutSecret_IsRejected()
    {
        var body = Envelope(SentAt);

        WebhookSignature.Verify([NewSecret], body, TestSignature.Hex(OldSecret, body)).Should().BeFalse("the old secret was removed after the rotation");
        WebhookSignature.Verify(["whsec_a", "whsec_b"], body, TestSignature.Hex(NewSecret, body)).Should().BeFalse();
    }

    [Theory]
    [InlineData("bare")]
    [InlineData("prefixed")]
    [InlineData("uppercase")]
    [InlineData("prefixed-uppercase")]
    public void Verify_SeveralSecrets_AcceptsBareHexAndSha256Forms(string form)
    {
        var body = Envelope(SentAt);
        var hex = TestSignature.Hex(NewSecret, body);
        var header = form switch
        {
            "bare" => hex,
            "prefixed" => "sha256=" + hex,
            "uppercase" => hex.ToUpperInvariant(),
            _ => "SHA256=" + hex.ToUpperInvariant(),
        };

        WebhookSignature.Verify([OldSecret, NewSecret], body, header).Should().BeTrue();
        WebhookEvent.Parse([OldSecret, NewSecret], body, header, At(SentAt)).JobId.Should().Be("j1");
    }

    [Fact]
    public void Verify_SeveralSecrets_RejectsTamperedBodyAndMissingHeader()
    {
        var body = Envelope(SentAt);
        var header = TestSignature.Hex(NewSecret, body);
        var tampered = Envelope(SentAt, jobId: "j2");

        WebhookSignature.Verify([OldSecret, NewSecret], tampered, header).Should().BeFalse();
        WebhookSignature.Verify([OldSecret, NewSecret], body, null).Should().BeFalse();
        WebhookSignature.Verify([OldSecret, NewSecret], body, "sha256=").Should().BeFalse();
    }

    [Fact]
    public void Verify_NoSecrets_Throws()
    {
        var body = Envelope(SentAt);

        FluentActions.Invoking(() => WebhookSignature.Verify(Array.Empty<string>(), body, TestSignature.Hex(NewSecret, body)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("secrets");
        FluentActions.Invoking(() => WebhookSignature.Verify([NewSecret, " "], body, TestSignature.Hex(NewSecret, body)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("secrets");
        FluentActions.Invoking(() => WebhookSignature.Verify((IEnumerable<string>)null!, body, TestSignature.Hex(NewSecret, body)))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("secrets");
        FluentActions.Invoking(() => WebhookEvent.Parse(Array.Empty<string>(), body, TestSignature.Hex(NewSecret, body)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("secrets");
        FluentActions.Invoking(() => WebhookEvent.TryParse(Array.Empty<string>(), body, TestSignature.Hex(NewSecret, body), out _))
            .Should().Throw<ArgumentException>("a missing secret is the caller's bug, not a bad delivery");
    }

    [Fact]
    public void Parse_SeveralSecrets_WrongSignature_SaysSo()
    {
        var body = Envelope(SentAt);

        FluentActions.Invoking(() => WebhookEvent.Parse([OldSecret, NewSecret], body, TestSignature.Hex("whsec_other", body), At(SentAt)))
            .Should().Throw<WebhookVerificationException>().WithMessage("*any of the 2 secrets*");
        FluentActions.Invoking(() => WebhookEvent.Parse([OldSecret, NewSecret], body, null, At(SentAt)))
            .Should().Throw<WebhookVerificationException>().WithMessage("*no X-Webhook-Signature*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299_999)]
    [InlineData(300_000)]
    [InlineData(-300_000)]
    public void Parse_TimestampWithinTolerance_IsAccepted(int millisecondsAfterSending)
    {
        var body = Envelope(SentAt);

        var evt = WebhookEvent.Parse([NewSecret], body, TestSignature.Hex(NewSecret, body), At(SentAt.AddMilliseconds(millisecondsAfterSending)));

        evt.Timestamp.Should().Be(SentAt);
        evt.EventType.Should().Be(WebhookEventType.ExtractCompleted);
    }

    [Fact]
    public void Parse_TimestampJustOutsideTolerance_IsRejectedAsAReplay()
    {
        var body = Envelope(SentAt);
        var header = TestSignature.Hex(NewSecret, body);

        FluentActions.Invoking(() => WebhookEvent.Parse([NewSecret], body, header, At(SentAt.AddMinutes(5).AddMilliseconds(1))))
            .Should().Throw<WebhookVerificationException>()
            .WithMessage("*2026-09-02T08:05:12*300.001 s old*replay tolerance of 300 s*replayed*");
        FluentActions.Invoking(() => WebhookEvent.Parse([NewSecret], body, header, At(SentAt.AddMinutes(-5).AddMilliseconds(-1))))
            .Should().Throw<WebhookVerificationException>().WithMessage("*in the future*");
        WebhookEvent.TryParse([NewSecret], body, header, At(SentAt.AddHours(1)), out var evt).Should().BeFalse();
        evt.Should().BeNull();
    }

    [Fact]
    public void Parse_Tolerance_IsMeasuredWithTheInjectedClockAsItMoves()
    {
        var body = Envelope(SentAt);
        var header = TestSignature.Hex(NewSecret, body);
        var clock = new FakeTimeProvider(SentAt);
        var options = new WebhookVerificationOptions { TimeProvider = clock, Tolerance = TimeSpan.FromSeconds(30) };

        WebhookEvent.TryParse([NewSecret], body, header, options, out _).Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(30));
        WebhookEvent.TryParse([NewSecret], body, header, options, out _).Should().BeTrue("the edge of the window is inside it");
        clock.Advance(TimeSpan.FromTicks(1));
        WebhookEvent.TryParse([NewSecret], body, header, options, out _).Should().BeFalse("the same body, replayed later, is refused");
    }

    [Fact]
    public void Parse_InfiniteTolerance_OrNoTimestamp_SkipsTheReplayCheck()
    {
        var old = Envelope(SentAt);
        var undated = Envelope(null);

        WebhookEvent.Parse([NewSecret], old, TestSignature.Hex(NewSecret, old), At(SentAt.AddDays(30), Timeout.InfiniteTimeSpan)).JobId.Should().Be("j1");
        WebhookEvent.Parse([NewSecret], undated, TestSignature.Hex(NewSecret, undated), At(SentAt.AddDays(30))).Timestamp.Should().BeNull();
    }

    [Fact]
    public void Parse_DefaultOptions_UseFiveMinutesOnTheSystemClock()
    {
        var recent = Envelope(DateTimeOffset.UtcNow.AddMinutes(-1));
        var stale = Envelope(DateTimeOffset.UtcNow.AddMinutes(-10));

        WebhookEvent.TryParse([NewSecret], recent, TestSignature.Hex(NewSecret, recent), out _).Should().BeTrue();
        WebhookEvent.TryParse([NewSecret], stale, TestSignature.Hex(NewSecret, stale), out _).Should().BeFalse();
    }

    [Fact]
    public void Parse_SingleSecretOverloads_StillIgnoreTheTimestamp()
    {
        var old = Envelope(SentAt.AddYears(-1));

        WebhookEvent.Parse(NewSecret, old, TestSignature.Hex(NewSecret, old)).JobId.Should().Be("j1");
        WebhookEvent.TryParse(NewSecret, old, TestSignature.Hex(NewSecret, old), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Parse_NonPositiveTolerance_Throws(int seconds)
    {
        var body = Envelope(SentAt);

        FluentActions.Invoking(() => WebhookEvent.Parse([NewSecret], body, TestSignature.Hex(NewSecret, body), new WebhookVerificationOptions { Tolerance = TimeSpan.FromSeconds(seconds) }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("options");
        FluentActions.Invoking(() => WebhookEvent.TryParse([NewSecret], body, TestSignature.Hex(NewSecret, body), new WebhookVerificationOptions { TimeProvider = null! }, out _))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void JobId_ComesFromTheData_AndIsNullWithoutOne()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"batch_completed","delivery_id":"d9","data":{"status":"completed"}}""");

        WebhookEvent.Parse([NewSecret], body, TestSignature.Hex(NewSecret, body)).JobId.Should().BeNull();
    }
}
