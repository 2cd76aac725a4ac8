namespace Geonode.Scraper.Emulator;

/// <summary>One job the emulator created, for assertions in tests (for example, counting duplicate starts in a soak test).</summary>
/// <param name="Id">The job id.</param>
/// <param name="Kind">The kind: <c>extract</c> (asynchronous extractions only), <c>batch</c>, <c>crawl</c>, <c>map</c> or
/// <c>search</c>.</param>
/// <param name="CreatedAt">When the job was created, in emulated time.</param>
/// <param name="Urls">The URL of an extraction or a map, the accepted URLs of a batch, the seed of a crawl; empty for a search.</param>
/// <param name="Query">The query of a search; otherwise <see langword="null"/>.</param>
/// <param name="Status">The job's true status when the snapshot was taken (no profile or fault applied).</param>
public sealed record EmulatorJob(string Id, string Kind, DateTimeOffset CreatedAt, IReadOnlyList<string> Urls, string? Query, string Status);
