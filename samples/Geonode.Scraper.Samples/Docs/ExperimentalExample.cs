#region usings
using Geonode.Scraper;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>The opt-in example of docs/experimental.md.</summary>
public static class ExperimentalExample
{
    public static IServiceCollection OptIn(IServiceCollection services)
    {
        #region experimental-pragma
        #pragma warning disable GEONODE001 // experimental: waits woken by a completion signal
        services.AddGeonodeScraperCompletionSignal(options => options.FallbackPollInterval = TimeSpan.FromMinutes(2));
        #pragma warning restore GEONODE001
        #endregion
        return services;
    }
}
