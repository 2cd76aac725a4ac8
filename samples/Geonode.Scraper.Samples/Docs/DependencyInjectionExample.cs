#region usings
using Geonode.Scraper;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>The README's registration in code: only the Geonode.Scraper package.</summary>
public static class DependencyInjectionExample
{
    public static void RegisterInCode(IServiceCollection services)
    {
        #region di-code
        services.AddGeonodeScraper(options =>
        {
            options.ApiKey = Environment.GetEnvironmentVariable("MY_SCRAPER_KEY");
            options.ApplicationId = "docs-indexer/1.0";   // appended to the User-Agent
            options.Polling.Timeout = TimeSpan.FromMinutes(10);
        });
        #endregion
    }
}
