#region usings
using Geonode.Scraper;
using Microsoft.Extensions.Hosting;
#endregion

namespace DocsExamples;

/// <summary>The README's registration from configuration (<c>Host</c> comes from Microsoft.Extensions.Hosting); returned so that a test can start it.</summary>
public static class ConfigurationExample
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        #region di-configuration
        // appsettings.json: { "GeonodeScraper": { "ApiKey": "...", "Retry": { "MaxRetries": 5 } } }
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"));
        #endregion
        return builder;
    }
}
