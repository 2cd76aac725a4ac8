using System.Text.Json;

namespace Geonode.Scraper.Tests.Jobs;

public sealed class JobStatusTests
{
    [Theory]
    [InlineData("completed", true)]
    [InlineData("failed", true)]
    [InlineData("cancelled", true)]
    [InlineData("canceled", true)]
    [InlineData("COMPLETED", true)]
    [InlineData("queued", false)]
    [InlineData("pending", false)]
    [InlineData("processing", false)]
    [InlineData("paused", false)]
    public void IsTerminal_MatchesTheDocumentedTerminalSet(string wire, bool terminal) =>
        new JobStatus(wire).IsTerminal.Should().Be(terminal);

    [Fact]
    public void Canceled_ReadsAsCancelled()
    {
        var status = JsonSerializer.Deserialize<JobStatus>("\"canceled\"");
        status.Should().Be(JobStatus.Cancelled);
        status.ToString().Should().Be("cancelled");
    }

    [Fact]
    public void UnknownValue_IsKeptAsIsAndRoundTrips()
    {
        var status = JsonSerializer.Deserialize<JobStatus>("\"throttled\"");
        status.ToString().Should().Be("throttled");
        status.Should().NotBe(JobStatus.Processing);
        JsonSerializer.Serialize(status).Should().Be("\"throttled\"");
    }

    [Fact]
    public void Equality_IgnoresCase()
    {
        new JobStatus("Completed").Should().Be(JobStatus.Completed);
        (new JobStatus("Completed") == JobStatus.Completed).Should().BeTrue();
        new JobStatus("Completed").GetHashCode().Should().Be(JobStatus.Completed.GetHashCode());
    }

    [Fact]
    public void NonStringJson_IsRejected() =>
        FluentActions.Invoking(() => JsonSerializer.Deserialize<JobStatus>("3")).Should().Throw<JsonException>();
}
