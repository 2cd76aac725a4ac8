#region usings
using Geonode.Scraper;
using Geonode.Scraper.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>
/// The ASP.NET Core setup of README.md's "Webhook-accelerated waits" and of Geonode.Scraper.AspNetCore's PACKAGE.md, compiled: a test checks
/// that each block equals the usings region followed by its region here.
/// </summary>
public static class AspNetCoreWebhooksExample
{
    public static async Task AcceleratedWaits(string[] args)
    {
        #region aspnet-webhooks
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"));
        builder.Services.AddGeonodeScraperWebhooks(options =>
        {
            // The secret of each webhook that delivers here; during a rotation, the new one and the old one.
            options.Secrets.Add(builder.Configuration["GeonodeScraper:WebhookSecret"]!);
            options.FallbackPollInterval = TimeSpan.FromMinutes(2);   // failed and cancelled jobs send no webhook
        });
        var app = builder.Build();
        app.MapGeonodeScraperWebhooks("/webhooks/geonode");
        await app.StartAsync();

        // Anywhere in the application: the wait ends as soon as the crawl_completed delivery arrives.
        var client = app.Services.GetRequiredService<IScraperClient>();
        CrawlJobAccepted crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.com/", Depth = 3 });
        CrawlJob done = await client.WaitForCrawlAsync(crawl.JobId);
        #endregion
        Console.WriteLine(done.Status);
    }
}
