using System.Net;
using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Tests.Security;

[Collection(EnvironmentCollection.Name)]
public sealed class SecurityTests
{
    [Fact]
    public async Task CrossOriginRedirect_IsNotFollowedSoTheKeyNeverReachesTheOtherHost()
    {
        await using var other = new LoopbackServer(() => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        await using var api = new LoopbackServer(() =>
            $"HTTP/1.1 302 Found\r\nLocation: {other.BaseAddress}v1/extract/j1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = api.BaseAddress });

        var ex = (await FluentActions.Awaiting(() => client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.Found);
        ex.Message.Should().Contain("redirect").And.NotContain(TestClient.ApiKey);
        other.RequestHeads.Should().BeEmpty();
        api.RequestHeads.Should().ContainSingle().Which.Should().Contain("X-Api-Key: " + TestClient.ApiKey);
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
    public async Task Logs_NeverContainTheKey()
    {
        var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.ServiceUnavailable);
        var options = new ScraperClientOptions { ApiKey = TestClient.ApiKey, BaseAddress = new Uri("https://api.test"), AttemptTimeout = Timeout.InfiniteTimeSpan };
        options.Retry.Jitter = 0;
        using var client = new ScraperClient(options, mock, new FakeTimeProvider(), loggerFactory);

        await FluentActions.Awaiting(() => client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperApiException>();

        logs.Messages.Should().NotBeEmpty().And.OnlyContain(m => !m.Contains(TestClient.ApiKey, StringComparison.Ordinal));
        logs.Messages.Should().Contain(m => m.Contains("Retrying GET /v1/extract/j1", StringComparison.Ordinal));
    }

    [Fact]
    public void PrimaryHandler_DoesNotFollowRedirects()
    {
        using var handler = ScraperClient.CreatePrimaryHandler();
        handler.Should().BeOfType<SocketsHttpHandler>().Which.AllowAutoRedirect.Should().BeFalse();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages)
                {
                    owner.Messages.Add(formatter(state, exception) + exception);
                }
            }
        }
    }
}
