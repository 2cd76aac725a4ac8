namespace Geonode.Scraper.Internal;

/// <summary>What the connection needs of the client's options: where requests go, with which key and agent, and how each
/// attempt is bounded and retried. Validated and immutable (made by the client's options resolution).</summary>
internal sealed record ConnectionSettings(
    string ApiKey,
    Uri BaseAddress,
    string UserAgent,
    TimeSpan AttemptTimeout,
    int MaxConnectionsPerServer,
    RetrySettings Retry);
