using System.Globalization;
using Npgsql;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>
/// One test run's throwaway schema (<c>geonode_test_&lt;time&gt;_&lt;random&gt;</c>), created with the coordination tables at
/// the start and dropped at the end with every other schema the run made; schemas left by a run that was killed are dropped
/// once they are an hour old. Data sources are small (a few connections each), as several replicas and test processes share
/// the server's 100 connections.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string Prefix = "geonode_test_";
    private readonly List<string> _schemas = [];
    private readonly NpgsqlDataSource?[] _replicas = new NpgsqlDataSource?[3];
    private NpgsqlDataSource? _admin;

    public PostgresFixture() => Schema = NewSchemaName();

    /// <summary>Gets the run's schema, with the coordination tables.</summary>
    public string Schema { get; }

    public static string ConnectionString => PostgresDatabase.ConnectionString;

    /// <summary>Gets a data source for the tests' own queries (counting rows, killing connections).</summary>
    public NpgsqlDataSource Admin => _admin ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Gets the data source of replica <paramref name="index"/> (0 to 2), shared by the tests of the run so that
    /// their connections are reused; a test that needs a data source of its own makes one with <see cref="NewDataSource"/>.</summary>
    public NpgsqlDataSource Replica(int index)
    {
        lock (_replicas)
        {
            return _replicas[index] ??= NewDataSource(maxPoolSize: 10);
        }
    }

    public async Task InitializeAsync()
    {
        if (PostgresDatabase.SkipReason is not null)
        {
            return;   // every test is skipped
        }

        if (PostgresDatabase.UnreachableReason is { } reason)
        {
            throw new InvalidOperationException($"PostgreSQL is required ({PostgresDatabase.RequireVariable}=1) but not reachable: {reason}");
        }

        _admin = NewDataSource(maxPoolSize: 4);
        await DropStaleSchemasAsync();
        await PostgreSqlCoordinationSchema.ApplyAsync(_admin, Schema);
    }

    public async Task DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        string[] schemas;
        lock (_schemas)
        {
            schemas = [.. _schemas];
        }

        foreach (var replica in _replicas)
        {
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }
        }

        foreach (var schema in schemas)
        {
            await using var drop = _admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        await _admin.DisposeAsync();
    }

    /// <summary>A new schema name, dropped at the end of the run (the schema itself is created by whoever uses it).</summary>
    public string NewSchemaName()
    {
        var name = $"{Prefix}{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        lock (_schemas)
        {
            _schemas.Add(name);
        }

        return name;
    }

    /// <summary>A new data source on the test database; the caller disposes it. Its sessions commit without waiting for
    /// the server's disk (<c>synchronous_commit=off</c>): crash durability is the server's business, not what these tests
    /// check, and a few hundred fsyncs would dominate their time.</summary>
    public static NpgsqlDataSource NewDataSource(int maxPoolSize = 8)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = maxPoolSize, Timeout = 10, Options = "-c synchronous_commit=off" };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Options on the run's schema (or <paramref name="schema"/>), with the waits of the tests: short reconnection
    /// and slot polls.</summary>
    public PostgreSqlCoordinationOptions Options(string? schema = null) => new()
    {
        Schema = schema ?? Schema,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
        SlotPollInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Runs a query on the test database and returns its single value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private async Task DropStaleSchemasAsync()
    {
        var stale = new List<string>();
        await using (var list = Admin.CreateCommand($"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{Prefix}%'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                if (name.Length >= Prefix.Length + 14
                    && DateTime.TryParseExact(name.AsSpan(Prefix.Length, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created)
                    && created < DateTime.UtcNow.AddHours(-1))
                {
                    stale.Add(name);
                }
            }
        }

        foreach (var name in stale)
        {
            await using var drop = Admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
