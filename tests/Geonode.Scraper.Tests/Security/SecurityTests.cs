using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Geonode.Scraper.Tests.Security;

[Collection(EnvironmentCollection.Name)]
public sealed class SecurityTests
{
    private static readonly string Ok = Json(TestClient.Job("j1", "queued"));

    private static string Json(string body) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private static string Redirect(int status, string location) =>
        $"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    [Fact]
    public async Task CrossOriginRedirect_SdkHandler_IsNotFollowedSoTheKeyNeverReachesTheOtherHost()
    {
        await using var other = new LoopbackServer(() => Ok);
        await using var api = new LoopbackServer(() => Redirect(302, $"{other.BaseAddress}v1/extract/j1"));
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress });

        var ex = (await FluentActions.Awaiting(() => client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.Found);
        ex.Message.Should().Contain("redirect").And.NotContain(TestClient.ApiKey);
        other.RequestHeads.Should().BeEmpty();
        api.RequestHeads.Should().ContainSingle().Which.Should().Contain("X-Api-Key: " + TestClient.ApiKey);
    }

    [Fact]
    public async Task SameOriginRedirect_IsFollowedByTheSdk()
    {
        await using var api = new LoopbackServer(head => head.StartsWith("GET /v1/extract/j1 ", StringComparison.Ordinal) ? Redirect(307, "/v1/extract/j1-moved") : Ok);
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress });

        var job = await client.GetExtractJobAsync("j1");

        job.JobId.Should().Be("j1");
        api.RequestHeads.Should().HaveCount(2);
        api.RequestHeads[1].Should().StartWith("GET /v1/extract/j1-moved ");
    }

    public static TheoryData<string> RedirectFollowingHandlers => ["HttpClientHandler", "SocketsHttpHandler", "DelegatingHandler over SocketsHttpHandler"];

    [Theory]
    [MemberData(nameof(RedirectFollowingHandlers))]
    public async Task CrossOriginRedirect_UsersHandlerThatFollowsRedirects_IsTurnedOffAndTheKeyStaysHome(string kind)
    {
        await using var other = new LoopbackServer(() => Ok);
        await using var api = new LoopbackServer(() => Redirect(302, $"{other.BaseAddress}v1/extract/j1"));
        HttpMessageHandler handler = kind switch
        {
            "HttpClientHandler" => new HttpClientHandler { AllowAutoRedirect = true },
            "SocketsHttpHandler" => new SocketsHttpHandler { AllowAutoRedirect = true },
            _ => new PassThrough { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = true } },
        };
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress }, handler);

        await FluentActions.Awaiting(() => client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>();

        other.RequestHeads.Should().BeEmpty("the key must never reach another origin");
    }

    public static TheoryData<int, string, string> RedirectChains()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var status in new[] { 301, 302, 303, 307, 308 })
        {
            foreach (var handler in new[] { "SDK's", "HttpClientHandler", "SocketsHttpHandler" })
            {
                data.Add(status, handler, "GET");
            }

            data.Add(status, "SocketsHttpHandler", "POST");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RedirectChains))]
    public async Task RedirectChain_SameOriginThenCrossOrigin_TheKeyNeverReachesTheSecondOrigin(int status, string handler, string method)
    {
        await using var other = new LoopbackServer(() => Ok);
        LoopbackServer api = null!;
        api = new LoopbackServer(head => head.Contains("/hop ", StringComparison.Ordinal)
            ? Redirect(status, $"{other.BaseAddress}v1/extract/j1?key=moved")
            : Redirect(307, "/v1/extract/hop"));
        await using var _ = api;
        using var client = handler == "SDK's"
            ? new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress })
            : new ScraperClient(
                new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress },
                handler == "HttpClientHandler" ? new HttpClientHandler { AllowAutoRedirect = true } : new SocketsHttpHandler { AllowAutoRedirect = true });

        var call = method == "GET"
            ? (Func<Task>)(() => client.GetExtractJobAsync("j1"))
            : () => client.StartExtractAsync(new ExtractRequest { Url = "https://example.org/" });
        var ex = (await FluentActions.Awaiting(call).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.ToString().Should().NotContain(TestClient.ApiKey);
        other.RequestHeads.Should().NotContain(h => h.Contains(TestClient.ApiKey, StringComparison.Ordinal)).And.BeEmpty("the SDK refuses every redirect to another origin");
        api.RequestHeads.Should().HaveCount(2, "the same-origin hop is followed, the cross-origin one is not");
    }

    [Fact]
    public async Task UsersHandlerThatFollowsRedirectsAndIsAlreadyInUse_IsRefusedNamingTheParameter()
    {
        await using var api = new LoopbackServer(() => Ok);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = true };
        using (var warm = new HttpClient(handler, disposeHandler: false))
        {
            (await warm.GetAsync(api.BaseAddress)).Dispose();
        }

        var act = () => new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress }, handler);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("primaryHandler");
        handler.Dispose();
    }

    [Fact]
    public async Task CrossOriginRedirect_PrimaryHandlerConfiguredThroughDependencyInjection_IsTurnedOff()
    {
        using var env = new EnvironmentScope((ScraperClientOptions.ApiKeyEnvironmentVariable, null), (ScraperClientOptions.BaseAddressEnvironmentVariable, null));
        await using var other = new LoopbackServer(() => Ok);
        await using var api = new LoopbackServer(() => Redirect(302, $"{other.BaseAddress}v1/extract/j1"));
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.BaseAddress = api.BaseAddress;
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true });
        await using var provider = services.BuildServiceProvider();

        await FluentActions.Awaiting(() => provider.GetRequiredService<IScraperClient>().GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>();

        other.RequestHeads.Should().BeEmpty();
    }

    [Fact]
    public async Task KeyEchoedByTheServer_IsRedactedFromExceptions()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 0);
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/extract/j1",
            TestClient.Status(HttpStatusCode.Unauthorized, $$"""{"code":"UNAUTHORIZED","message":"key {{TestClient.ApiKey}} is revoked"}"""));

        var ex = (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperAuthenticationException>()).Which;

        ex.Message.Should().NotContain(TestClient.ApiKey).And.Contain("***");
        ex.ServerMessage.Should().NotContain(TestClient.ApiKey);
        ex.ResponseBody.Should().NotContain(TestClient.ApiKey);
        ex.ToString().Should().NotContain(TestClient.ApiKey);
    }

    [Fact]
    public void ToString_OfOptionsAndClient_NeverShowsTheKey()
    {
        var options = new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = new Uri("https://api.test") };
        using var client = new ScraperClient(options);

        options.ToString().Should().NotContain(TestClient.ApiKey);
        client.ToString().Should().NotContain(TestClient.ApiKey);
    }

    [Fact]
    public async Task Logs_AtEveryLevel_NeverContainTheKey()
    {
        var logger = new FakeLogger<ScraperClient>();
        using var loggerFactory = new SingleLoggerFactory(logger);
        var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        var options = new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = new Uri("https://api.test"), AttemptTimeout = Timeout.InfiniteTimeSpan };
        options.Retry.Jitter = 0;
        var clock = new TestClock();
        using var client = new ScraperClient(options, mock, clock, loggerFactory);

        await FluentActions.Awaiting(() => clock.Run(client.GetExtractJobAsync("j1"))).Should().ThrowAsync<ScraperApiException>();

        var records = logger.Collector.GetSnapshot();
        records.Should().NotBeEmpty().And.OnlyContain(r => !r.Message.Contains(TestClient.ApiKey, StringComparison.Ordinal));
        records.Should().Contain(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Retrying GET /v1/extract/{job_id}", StringComparison.Ordinal));
    }

    private sealed class PassThrough : DelegatingHandler
    {
    }
}
