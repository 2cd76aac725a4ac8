namespace Geonode.Scraper;

/// <summary>One request-validation problem the API reported (an entry of the FastAPI <c>detail</c> list).</summary>
public sealed record ValidationError
{
    /// <summary>Gets the location of the problem, for example <c>["body", "urls", 3]</c> as strings.</summary>
    public IReadOnlyList<string> Location { get; init; } = [];

    /// <summary>Gets the message.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Gets the kind of problem, for example <c>missing</c> or <c>value_error</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Returns the location and message, for example <c>body.urls.3: invalid URL</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => Location.Count == 0 ? Message : $"{string.Join(".", Location)}: {Message}";
}
