namespace Geonode.Scraper;

/// <summary>What the headless browser waits for before extraction (<c>wait_config</c>); applied in property order.</summary>
public sealed record WaitConfig
{
    /// <summary>Gets the page-load event to wait for.</summary>
    /// <value>The default is <see langword="null"/>: the API waits for <see cref="Scraper.WaitUntil.DomContentLoaded"/>.</value>
    public WaitUntil? WaitUntil { get; init; }

    /// <summary>Gets a CSS selector to wait for.</summary>
    public string? WaitFor { get; init; }

    /// <summary>Gets the longest time to wait, in milliseconds.</summary>
    /// <remarks>Inferred: milliseconds, from the schema's example value <c>30000</c>; the unit is not stated.</remarks>
    public int? WaitTimeout { get; init; }
}
