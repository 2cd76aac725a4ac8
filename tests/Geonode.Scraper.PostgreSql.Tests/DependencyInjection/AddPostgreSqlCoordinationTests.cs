using Geonode.Scraper.Conformance;
using Geonode.Scraper.Emulator;
using Geonode.Scraper.PostgreSql.Internal;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Geonode.Scraper.PostgreSql.Tests.DependencyInjection;

/// <summary>One call on the builder AddGeonodeScraper returns: the four services on PostgreSQL, replacing the in-process
/// ones; without it, nothing changes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AddPostgreSqlCoordinationTests(PostgresFixture db)
{
    [Fact]
    public async Task Registers_TheFourServicesAsSingletons_InPlaceOfTheInProcessOnesRegisteredBeforeOrAfter()
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraperCompletionSignal();
        services.AddGeonodeScraper(o => o.ApiKey = "test-key").AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o => o.Schema = db.Schema);
        services.AddGeonodeScraperCompletionSignal();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IJobLedger>().Should().BeOfType<PostgreSqlJobLedger>().And.BeSameAs(provider.GetRequiredService<PostgreSqlJobLedger>());
        provider.GetRequiredService<IJobCompletionSignal>().Should().BeOfType<PostgreSqlJobCompletionSignal>().And.BeSameAs(provider.GetRequiredService<PostgreSqlJobCompletionSignal>());
        provider.GetRequiredService<IJobConcurrencyLimiter>().Should().BeOfType<PostgreSqlJobConcurrencyLimiter>().And.BeSameAs(provider.GetRequiredService<IJobConcurrencyLimiter>());
        provider.GetRequiredService<ITokenBudgetStore>().Should().BeOfType<PostgreSqlTokenBudgetStore>().And.BeSameAs(provider.GetRequiredService<ITokenBudgetStore>());
        services.Count(d => d.ServiceType == typeof(CoordinationStore)).Should().Be(1, "one data source for the four");
        provider.GetRequiredService<IJobLedger>().ToString().Should().Contain(db.Schema);
    }

    [Fact]
    public async Task Without_TheCall_NothingChanges()
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o => o.ApiKey = "test-key");
        await using var provider = services.BuildServiceProvider();

        provider.GetService<IJobLedger>().Should().BeNull();
        provider.GetService<IJobCompletionSignal>().Should().BeNull();
        provider.GetService<IJobConcurrencyLimiter>().Should().BeNull();
        provider.GetService<ITokenBudgetStore>().Should().BeNull();
        provider.GetService<IHostedService>().Should().BeNull();
    }

    [Fact]
    public void Registering_AMalformedConnectionString_ThrowsWithoutEchoingIt()
    {
        var services = new ServiceCollection();
        var builder = services.AddGeonodeScraper(o => o.ApiKey = "test-key");

        var error = FluentActions.Invoking(() => builder.AddPostgreSqlCoordination("Host=db;Password=s3cret-value;No Such Keyword=1")).Should().Throw<ArgumentException>().Which;

        error.Message.Should().NotContain("s3cret-value");
        FluentActions.Invoking(() => builder.AddPostgreSqlCoordination(" ")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => builder.AddPostgreSqlCoordination((Npgsql.NpgsqlDataSource)null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task Resolving_WithInvalidOptions_ThrowsOptionsValidationException()
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o => o.ApiKey = "test-key").AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o =>
        {
            o.Schema = "Not-An-Identifier";
            o.SlotLeaseDuration = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var error = FluentActions.Invoking(() => provider.GetRequiredService<IJobLedger>()).Should().Throw<OptionsValidationException>().Which;

        error.Failures.Should().Contain(f => f.StartsWith("Schema must be", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("SlotLeaseDuration must be", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Client_RecordsTheJobsItStartsInPostgreSql()
    {
        await using var emulator = await ScraperEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromMilliseconds(10), PageTime = TimeSpan.FromMilliseconds(10) });
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.BaseAddress = emulator.BaseAddress;
        }).AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o => o.Schema = db.Schema);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IScraperClient>();

        var crawl = await client.StartCrawlAsync(new CrawlRequest { Url = "https://docs.example.test/", Depth = 1 });

        var entry = await provider.GetRequiredService<IJobLedger>().FindAsync(crawl.JobId);
        entry.Should().NotBeNull("the client's runtime took the ledger from the container");
        entry!.State.Should().Be(JobLedgerState.Started);
        (await db.ScalarAsync<string>($"SELECT state FROM \"{db.Schema}\".job_ledger WHERE job_id = $1", crawl.JobId)).Should().Be("started");
    }

    [PostgresFact]
    public async Task HostStart_AppliesTheSchemaAndStartsListening_AndDisposalClosesTheListener()
    {
        var schema = db.NewSchemaName();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGeonodeScraper(o => o.ApiKey = "test-key").AddPostgreSqlCoordination(PostgresDatabase.ConnectionString, o => o.Schema = schema);
        var host = builder.Build();

        await host.StartAsync();

        (await db.ScalarAsync<long>($"SELECT max(version) FROM \"{schema}\".schema_version")).Should().Be(PostgreSqlCoordinationSchema.Version, "the schema is applied when the host starts");
        var signal = (PostgreSqlJobCompletionSignal)host.Services.GetRequiredService<IJobCompletionSignal>();
        (await Eventually.TrueAsync(() => signal.IsListening)).Should().BeTrue("the listener connects when the host starts, before any wait subscribes");
        var pid = signal.ListenerProcessId;

        await host.StopAsync();
        host.Dispose();

        signal.IsListening.Should().BeFalse();
        (await Eventually.TrueAsync(() => db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2", pid, NotificationListener.ApplicationName).Result == 0))
            .Should().BeTrue("disposing the container closes the listener");
    }
}
