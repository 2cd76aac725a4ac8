using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>
/// What the four PostgreSQL services of one replica share: the data source, the validated options, the replica's owner id,
/// the clock and loggers, and the one-time check (or application) of the schema before the first statement.
/// </summary>
internal sealed class CoordinationStore : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly ILoggerFactory _loggerFactory;
    private volatile bool _schemaReady;

    public CoordinationStore(NpgsqlDataSource dataSource, PostgreSqlCoordinationOptions? options, bool ownsDataSource, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options = options?.Clone() ?? new PostgreSqlCoordinationOptions();
        options.ThrowIfInvalid(nameof(options));
        DataSource = dataSource;
        Options = options;
        _ownsDataSource = ownsDataSource;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Time = timeProvider ?? TimeProvider.System;
        Owner = Geonode.Scraper.Internal.OwnerId.New();
        Schema = options.Schema;
        Logger = _loggerFactory.CreateLogger("Geonode.Scraper.PostgreSql");
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Gets a copy of the options, validated.</summary>
    public PostgreSqlCoordinationOptions Options { get; }

    public string Schema { get; }

    /// <summary>Gets this replica's name in the tables (<c>host/pid/random</c>).</summary>
    public string Owner { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the channel that carries job wake-ups (payload: the job id).</summary>
    public string SignalChannel => Schema + "_job_signal";

    /// <summary>Gets the channel that says a concurrency slot was released (payload: the pool's name).</summary>
    public string SlotChannel => Schema + "_slot_released";

    /// <summary>A table of the schema, qualified and quoted.</summary>
    public string Table(string name) => PostgreSqlCoordinationSchema.Quote(Schema) + "." + name;

    /// <summary>Applies the schema (or checks its version when the application applies it) once per store, before the
    /// first statement; a failure is retried by the next call.</summary>
    public ValueTask EnsureSchemaAsync(CancellationToken cancellationToken) =>
        _schemaReady ? default : new ValueTask(PrepareSchemaAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            DataSource.Dispose();
        }
    }

    private async Task PrepareSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            if (Options.ApplySchema)
            {
                await PostgreSqlCoordinationSchema.ApplyAsync(DataSource, Schema, Logger, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var version = await PostgreSqlCoordinationSchema.ReadVersionAsync(connection, null, Schema, cancellationToken).ConfigureAwait(false);
                    if (version < PostgreSqlCoordinationSchema.Version)
                    {
                        throw new InvalidOperationException(
                            $"The PostgreSQL schema '{Schema}' is at coordination schema version {version}; this package needs version {PostgreSqlCoordinationSchema.Version}. " +
                            "Apply the script from PostgreSqlCoordinationSchema.GetScript (docs/scale-out.md), or set PostgreSqlCoordinationOptions.ApplySchema to let the package apply it.");
                    }
                }
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
