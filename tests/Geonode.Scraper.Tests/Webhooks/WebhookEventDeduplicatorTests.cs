using System.Text;
using Geonode.Scraper.Tests.Support;
using FakeTimeProvider = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace Geonode.Scraper.Tests.Webhooks;

public sealed class WebhookEventDeduplicatorTests
{
    private const string Secret = "whsec_dedup";

    private static WebhookEvent Event(string jobId, string deliveryId, string eventType = "crawl_completed")
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"event":"{{{eventType}}}","webhook_id":"w1","delivery_id":"{{{deliveryId}}}","data":{"job_id":"{{{jobId}}}","status":"completed"}}""");
        return WebhookEvent.Parse(Secret, body, TestSignature.Hex(Secret, body));
    }

    [Fact]
    public void IsDuplicate_SameEventAndJob_WithANewDeliveryId_IsARepeat()
    {
        var dedup = new WebhookEventDeduplicator();

        dedup.IsDuplicate(Event("j1", "delivery-1")).Should().BeFalse("the first delivery is new");
        dedup.IsDuplicate(Event("j1", "delivery-2")).Should().BeTrue("a retried delivery has a new delivery id but is the same event");
        dedup.IsDuplicate(Event("j1", "delivery-2")).Should().BeTrue();
        dedup.Count.Should().Be(1);
    }

    [Fact]
    public void IsDuplicate_OtherJobOrOtherEventType_IsNew()
    {
        var dedup = new WebhookEventDeduplicator();

        dedup.IsDuplicate(Event("j1", "d1")).Should().BeFalse();
        dedup.IsDuplicate(Event("j2", "d1")).Should().BeFalse("the same delivery id does not make another job's event a repeat");
        dedup.IsDuplicate(Event("j1", "d3", "batch_completed")).Should().BeFalse();
        dedup.IsDuplicate(Event("j1", "d4", "CRAWL_COMPLETED")).Should().BeTrue("event types compare ignoring case");
    }

    [Fact]
    public void IsDuplicate_EventWithoutJobId_IsNeverARepeat()
    {
        var dedup = new WebhookEventDeduplicator();
        var body = Encoding.UTF8.GetBytes("""{"event":"crawl_completed","delivery_id":"d1","data":{}}""");
        var evt = WebhookEvent.Parse(Secret, body, TestSignature.Hex(Secret, body));

        dedup.IsDuplicate(evt).Should().BeFalse();
        dedup.IsDuplicate(evt).Should().BeFalse();
        dedup.Count.Should().Be(0);
    }

    [Fact]
    public void IsDuplicate_AfterTheTimeToLive_IsForgotten()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 2, 8, 0, 0, TimeSpan.Zero));
        var dedup = new WebhookEventDeduplicator(100, TimeSpan.FromMinutes(10), clock);

        dedup.IsDuplicate(Event("j1", "d1")).Should().BeFalse();
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        dedup.IsDuplicate(Event("j1", "d2")).Should().BeTrue("still within the time to live");
        clock.Advance(TimeSpan.FromTicks(1));
        dedup.Count.Should().Be(0);
        dedup.IsDuplicate(Event("j1", "d3")).Should().BeFalse("forgotten after the time to live, measured from the first sighting");
    }

    [Fact]
    public void IsDuplicate_AtCapacity_ForgetsTheOldestFirst()
    {
        var dedup = new WebhookEventDeduplicator(2, TimeSpan.FromHours(1), new FakeTimeProvider());

        dedup.IsDuplicate(Event("j1", "d1")).Should().BeFalse();
        dedup.IsDuplicate(Event("j2", "d2")).Should().BeFalse();
        dedup.IsDuplicate(Event("j3", "d3")).Should().BeFalse();

        dedup.Count.Should().Be(2);
        dedup.IsDuplicate(Event("j3", "d4")).Should().BeTrue();
        dedup.IsDuplicate(Event("j2", "d5")).Should().BeTrue();
        dedup.IsDuplicate(Event("j1", "d6")).Should().BeFalse("the oldest was forgotten to stay within the capacity");
    }

    [Fact]
    public void Remove_LetsTheNextDeliveryThrough()
    {
        var dedup = new WebhookEventDeduplicator();
        dedup.IsDuplicate(Event("j1", "d1"));

        dedup.Remove(Event("j1", "d1")).Should().BeTrue();
        dedup.Remove(Event("j1", "d1")).Should().BeFalse();
        dedup.IsDuplicate(Event("j1", "d2")).Should().BeFalse("acting on the first delivery failed, so the retry is acted on");
    }

    [Fact]
    public async Task IsDuplicate_ConcurrentDeliveriesOfOneEvent_ExactlyOneIsNew()
    {
        var dedup = new WebhookEventDeduplicator(1000, TimeSpan.FromHours(1), new FakeTimeProvider());
        var events = Enumerable.Range(0, 20).SelectMany(job => Enumerable.Range(0, 16).Select(attempt => Event("j" + job, $"d{job}-{attempt}"))).ToList();

        var results = await Task.WhenAll(events.Select(e => Task.Run(() => (e.JobId, New: !dedup.IsDuplicate(e)))));

        results.GroupBy(r => r.JobId).Should().HaveCount(20).And.OnlyContain(g => g.Count(r => r.New) == 1);
    }

    [Fact]
    public void Constructor_ChecksItsArguments()
    {
        FluentActions.Invoking(() => new WebhookEventDeduplicator(0, TimeSpan.FromMinutes(1)))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("capacity");
        FluentActions.Invoking(() => new WebhookEventDeduplicator(10, TimeSpan.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("timeToLive");
        FluentActions.Invoking(() => new WebhookEventDeduplicator().IsDuplicate(null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("webhookEvent");

        var defaults = new WebhookEventDeduplicator();
        defaults.Capacity.Should().Be(10_000);
        defaults.TimeToLive.Should().Be(TimeSpan.FromHours(24));
    }
}
