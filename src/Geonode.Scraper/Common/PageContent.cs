namespace Geonode.Scraper;

/// <summary>The content extracted from one page (<c>data</c>); a format that was not requested is <see langword="null"/>.</summary>
public sealed record PageContent
{
    /// <summary>Gets the page as Markdown.</summary>
    public string? Markdown { get; init; }

    /// <summary>Gets the page as HTML.</summary>
    public string? Html { get; init; }

    /// <summary>Gets the absolute URLs of the links on the page, when link extraction was requested.</summary>
    public IReadOnlyList<string>? Links { get; init; }
}
