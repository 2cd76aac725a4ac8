using Microsoft.Extensions.Options;

namespace Geonode.Scraper.Internal;

/// <summary>Validates options registered through <c>AddGeonodeScraper</c> with the same rules as the plain constructors.</summary>
internal sealed class ScraperClientOptionsValidator : IValidateOptions<ScraperClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ScraperClientOptions options)
    {
        var errors = ResolvedOptions.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
