#region usings
using Geonode.Scraper;
using Geonode.Scraper.AspNetCore;
using Geonode.Scraper.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>
/// The PostgreSQL setup of docs/scale-out.md and of Geonode.Scraper.PostgreSql's PACKAGE.md, compiled: a test checks that
/// each block equals the usings region followed by its region here. The schema script is in PostgreSqlSchemaExample.
/// </summary>
public static class PostgreSqlCoordinationExample
{
    public static async Task Replicas(string[] args)
    {
        #region postgresql-coordination
        // Every replica of the service runs this: the same database, the same schema.
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGeonodeScraper(builder.Configuration.GetSection("GeonodeScraper"))
            .AddPostgreSqlCoordination(builder.Configuration.GetConnectionString("Scraper")!, options =>
            {
                options.Schema = "geonode_scraper";                 // the default; one schema per application
                options.FinishedRetention = TimeSpan.FromDays(7);  // how long a finished job's idempotency key stays taken
            });
        builder.Services.AddGeonodeScraperWebhooks(options => options.Secrets.Add(builder.Configuration["GeonodeScraper:WebhookSecret"]!));
        var app = builder.Build();
        app.MapGeonodeScraperWebhooks("/webhooks/geonode");   // a delivery to any replica wakes the waits of every replica
        await app.RunAsync();
        #endregion
    }
}
