namespace Geonode.Scraper.Emulator.Tests;

/// <summary>Bad settings and bad fault arguments fail fast, naming what is wrong.</summary>
public sealed class GuardTests
{
    [Theory]
    [InlineData("ApiKey")]
    [InlineData("Parallelism")]
    [InlineData("PlanMaxCrawlDepth")]
    [InlineData("QueueTime")]
    public async Task StartAsync_InvalidOption_ThrowsNamingTheOption(string option)
    {
        var options = new EmulatorOptions();
        switch (option)
        {
            case "ApiKey": options.ApiKey = " "; break;
            case "Parallelism": options.Parallelism = 0; break;
            case "PlanMaxCrawlDepth": options.PlanMaxCrawlDepth = 0; break;
            default: options.QueueTime = TimeSpan.FromSeconds(-1); break;
        }

        (await FluentActions.Awaiting(() => ScraperEmulator.StartAsync(options)).Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(option);
    }

    [Fact]
    public async Task StartAsync_CopiesTheOptions()
    {
        var options = new EmulatorOptions { ApiKey = "first" };
        await using var emulator = await ScraperEmulator.StartAsync(options);

        options.ApiKey = "second";

        emulator.ApiKey.Should().Be("first");
        emulator.Options.Should().NotBeSameAs(options);
    }

    [Fact]
    public async Task Faults_BadArguments_ThrowNamingTheParameter()
    {
        await using var emulator = await ScraperEmulator.StartAsync();
        var faults = emulator.Faults;

        FluentActions.Invoking(() => faults.FailNext(" ", 503)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("route");
        FluentActions.Invoking(() => faults.FailNext("GET /v1/usage", 503, count: 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("count");
        FluentActions.Invoking(() => faults.FailNextWithRetryAfter("GET /v1/usage", 429, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("retryAfter");
        FluentActions.Invoking(() => faults.TrickleNext("GET /v1/usage", 0, TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("bytesPerChunk");
        FluentActions.Invoking(() => faults.UseProfile("GET /v1/usage", (EmulatorProfile)99)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("profile");
        FluentActions.Invoking(() => faults.Random(1.5, 1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rate");
        FluentActions.Invoking(() => faults.Random(0.5, 1, (EmulatorFaultKind)99)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("kinds");
    }
}
