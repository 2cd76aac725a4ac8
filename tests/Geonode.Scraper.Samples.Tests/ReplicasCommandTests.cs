using System.Globalization;
using System.Text.RegularExpressions;
using Geonode.Scraper.PostgreSql.Tests.Support;
using Geonode.Scraper.Samples.Tests.Support;
using Npgsql;

namespace Geonode.Scraper.Samples.Tests;

/// <summary><c>replicas</c>: two replicas in the sample's process share the local PostgreSQL database.</summary>
public sealed partial class ReplicasCommandTests
{
    [PostgresFact]
    public async Task Replicas_TwoReplicasShareOneDatabase_OneJobForOneKeyAndBWokenByTheDeliveryToA()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(folder.Path, ["replicas", "--connection", PostgresDatabase.ConnectionString]);

        sample.ExitCode.Should().Be(0, sample.StandardError);
        sample.StandardOutputLines.Should().HaveCount(2, sample.StandardOutput);
        var started = StartLine().Match(sample.StandardOutputLines[0]);
        started.Success.Should().BeTrue(sample.StandardOutput);
        started.Groups["b"].Value.Should().Be(started.Groups["a"].Value, "one idempotency key gives one job on both replicas");
        started.Groups["posts"].Value.Should().Be("1", "only the replica that claimed the key sends the POST");

        var woken = WakeLine().Match(sample.StandardOutputLines[1]);
        woken.Success.Should().BeTrue(sample.StandardOutput);
        woken.Groups["job"].Value.Should().Be(started.Groups["a"].Value);
        woken.Groups["toA"].Value.Should().Be("1");
        woken.Groups["toB"].Value.Should().Be("0", "the webhook points at A only");

        // B's first poll, then the final one the wake-up triggered: its fallback poll is a minute away, the run ends long
        // before it (a wake-up that never came would show as a third poll a minute later, past the run's bound).
        int.Parse(woken.Groups["polls"].Value, CultureInfo.InvariantCulture).Should().BeInRange(2, 3);
        int.Parse(woken.Groups["ms"].Value, CultureInfo.InvariantCulture).Should().BeLessThan(10_000, "B is woken well before its 1-minute fallback poll");

        // The run's schema is gone.
        var dropped = sample.StandardErrorLines.Should().ContainSingle(l => l.StartsWith("dropped schema geonode_sample_", StringComparison.Ordinal)).Subject;
        var schema = dropped["dropped schema ".Length..];
        await using var connection = new NpgsqlConnection(PostgresDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @schema", connection);
        exists.Parameters.AddWithValue("schema", schema);
        ((long)(await exists.ExecuteScalarAsync())!).Should().Be(0, $"the sample drops {schema}");
    }

    [Fact]
    public async Task Replicas_PostgreSqlUnreachable_SaysToRunThePostgresScriptAndExitsWithError()
    {
        using var folder = new TempFolder();

        using var sample = await SampleProcess.RunAsync(
            folder.Path, ["replicas", "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Password=secret;Database=nowhere"]);

        sample.ExitCode.Should().Be(1, sample.StandardError);
        sample.StandardOutput.Should().BeEmpty();
        sample.StandardErrorLines.Should().Equal(
            "PostgreSQL is not reachable at 127.0.0.1:1 (database nowhere): run 'bash eng/postgres-up.sh' first");
    }

    [GeneratedRegex(@"^idempotency: A and B started the crawl at once under key sample-replicas-[0-9a-f]{8}: A got job (?<a>[0-9a-f-]{36}), B got job (?<b>[0-9a-f-]{36}) \(the same job\); the emulator saw (?<posts>\d+) POST /v1/crawl$")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^wake-up: webhook deliveries: A (?<toA>\d+), B (?<toB>\d+); B's wait returned (?<ms>\d+) ms after the delivery to A, with (?<polls>\d+) status polls \(fallback poll every 60 s\); crawl (?<job>[0-9a-f-]{36}) completed, 6 pages$")]
    private static partial Regex WakeLine();
}
