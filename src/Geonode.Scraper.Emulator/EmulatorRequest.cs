namespace Geonode.Scraper.Emulator;

/// <summary>One request the emulator answered, for assertions in tests.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, for example <c>/v1/batch</c>.</param>
/// <param name="Query">The query string, with its leading <c>?</c>, or empty.</param>
/// <param name="StatusCode">The status the emulator answered with (0 when the connection was dropped).</param>
/// <param name="Fault">The fault applied to the request, or <see langword="null"/>.</param>
public sealed record EmulatorRequest(string Method, string Path, string Query, int StatusCode, string? Fault);
