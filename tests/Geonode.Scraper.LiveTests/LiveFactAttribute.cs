namespace Geonode.Scraper.LiveTests;

/// <summary>A fact that runs only against the real API: skipped unless <c>GEONODE_SCRAPER_API_KEY</c> is set, and always
/// skipped in CI (<c>CI=true</c>), so that neither a missing key nor a key left in a CI environment costs anything.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ScraperClientOptions.ApiKeyEnvironmentVariable)))
        {
            Skip = $"Live contract test against the real API: set {ScraperClientOptions.ApiKeyEnvironmentVariable} to run it (a few requests are charged).";
        }
        else if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Live contract tests never run in CI (CI=true).";
        }
    }
}
