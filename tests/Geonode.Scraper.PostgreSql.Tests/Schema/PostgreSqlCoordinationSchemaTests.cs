using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests.Schema;

/// <summary>The shipped schema: idempotent, safe when replicas apply it at once, and applicable by hand.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCoordinationSchemaTests(PostgresFixture db) : IAsyncLifetime
{
    private static readonly string[] Tables = ["concurrency_slots", "job_events", "job_ledger", "schema_version", "token_budgets"];
    private readonly DataSources _dataSources = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dataSources.DisposeAsync();

    [PostgresFact]
    public async Task ApplyAsync_ByFourReplicasAtOnceThenAgain_CreatesTheSchemaOnce()
    {
        var schema = db.NewSchemaName();
        var replicas = Enumerable.Range(0, 4).Select(_ => _dataSources.New(maxPoolSize: 2)).ToArray();

        await Task.WhenAll(replicas.Select(r => Task.Run(() => PostgreSqlCoordinationSchema.ApplyAsync(r, schema))));
        await PostgreSqlCoordinationSchema.ApplyAsync(replicas[0], schema);

        (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version")).Should().Be(PostgreSqlCoordinationSchema.Version);
        (await TablesAsync(schema)).Should().Equal(Tables);
    }

    [PostgresFact]
    public async Task ApplySchemaFalse_SchemaMissing_FailsWithWhatToDo()
    {
        var options = db.Options(db.NewSchemaName());
        options.ApplySchema = false;
        var ledger = new PostgreSqlJobLedger(_dataSources.New(), options);

        var error = (await ledger.Invoking(l => l.FindEntryAsync("key")).Should().ThrowAsync<InvalidOperationException>()).Which;

        error.Message.Should().Contain("version 0").And.Contain("GetScript").And.Contain("ApplySchema");
        (await db.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = $1", options.Schema)).Should().Be(0, "nothing was created");
    }

    [PostgresFact]
    public async Task GetScript_AppliedByHand_IsWhatTheServicesNeedWhenTheyMayNotApplyIt()
    {
        var options = db.Options(db.NewSchemaName());
        options.ApplySchema = false;
        var script = PostgreSqlCoordinationSchema.GetScript(options.Schema);
        script.Should().NotContain(":\"schema\"").And.Contain($"\"{options.Schema}\".job_ledger");

        await using (var apply = db.Admin.CreateCommand(script))
        {
            await apply.ExecuteNonQueryAsync();
        }

        var ledger = new PostgreSqlJobLedger(_dataSources.New(), options);
        (await ledger.ClaimAsync(new JobLedgerEntry { EntryId = "key", Kind = JobLedgerEntry.CrawlKind, Owner = "me" }, TimeSpan.FromMinutes(1))).IsOwner.Should().BeTrue();
        (await TablesAsync(options.Schema)).Should().Equal(Tables);
    }

    [Fact]
    public void GetScript_InvalidSchemaName_Throws()
    {
        foreach (var name in new[] { "", "Upper", "1digit", "semi;colon", "quote\"d", new string('a', 41) })
        {
            FluentActions.Invoking(() => PostgreSqlCoordinationSchema.GetScript(name)).Should().Throw<ArgumentException>(name);
        }
    }

    private async Task<List<string>> TablesAsync(string schema)
    {
        var tables = new List<string>();
        await using var command = db.Admin.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = schema });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
