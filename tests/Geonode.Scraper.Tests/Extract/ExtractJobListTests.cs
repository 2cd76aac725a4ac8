using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Extract;

public sealed class ExtractJobListTests
{
    [Fact]
    public async Task ListExtractJobsAsync_SendsEveryFilterAndMapsTheDocumentedList()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/extract/jobs").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json("""
                { "jobs": [ { "job_id": "0b7d6a52", "status": "completed", "url": "https://shop.example.org/", "created_at": "2026-09-01T12:00:00Z", "execution_time": 912, "output": ["markdown"] } ],
                  "page": 1, "page_size": 100, "page_count": 1 }
                """)();
        });

        var page = await t.Client.ListExtractJobsAsync(new ExtractJobQuery
        {
            JobId = "0b7d6a52",
            Url = "https://shop.example.org/",
            Status = JobStatus.Completed,
            Output = OutputFormat.Markdown,
            StartDate = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
        });

        t.Requests.Single().Uri.Query.Should().Be(
            "?job_id=0b7d6a52&url=https%3A%2F%2Fshop.example.org%2F&status=completed&output=markdown&start_date=2026-09-01T00%3A00%3A00Z&page=1&page_size=100");
        var job = page.Items.Single();
        job.ExecutionTime.Should().Be(912);
        job.Output.Should().Equal(OutputFormat.Markdown);
        page.HasMore.Should().BeFalse();
    }
}
