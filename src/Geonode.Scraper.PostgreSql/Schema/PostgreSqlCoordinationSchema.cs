using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Geonode.Scraper.PostgreSql.Internal;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// The versioned schema of the coordination tables, shipped in the package: applied by the package when it starts
/// (<see cref="PostgreSqlCoordinationOptions.ApplySchema"/>), or by your administrators with the script from
/// <see cref="GetScript"/>. Every script is idempotent.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class PostgreSqlCoordinationSchema
{
    /// <summary>The schema version this package needs (the number of the last script it ships).</summary>
    public const int Version = 1;

    private const string SchemaVariable = ":\"schema\"";

    private static readonly Lazy<List<(int Version, string Name, string Text)>> Scripts = new(LoadScripts);

    /// <summary>Returns the schema scripts (every version, in order) for a schema name, ready for <c>psql -1 -f</c> or any
    /// SQL tool: what the package runs when <see cref="PostgreSqlCoordinationOptions.ApplySchema"/> is set.</summary>
    /// <param name="schema">The schema name (<see cref="PostgreSqlCoordinationOptions.Schema"/>).</param>
    /// <returns>The SQL text.</returns>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public static string GetScript(string schema = PostgreSqlCoordinationOptions.DefaultSchema)
    {
        CheckSchema(schema);
        return string.Join("\n", Scripts.Value.Select(s => Substitute(s.Text, schema)));
    }

    /// <summary>Creates or upgrades the schema: in one transaction, under an advisory lock (replicas that apply it at the
    /// same time wait for each other), runs the scripts newer than the version recorded in <c>schema_version</c>.</summary>
    /// <param name="dataSource">The database, as a role allowed to create the schema or to change it.</param>
    /// <param name="schema">The schema name (<see cref="PostgreSqlCoordinationOptions.Schema"/>).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the schema is at <see cref="Version"/> or later.</returns>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    /// <exception cref="NpgsqlException">The database refused a statement, or could not be reached.</exception>
    public static Task ApplyAsync(NpgsqlDataSource dataSource, string schema = PostgreSqlCoordinationOptions.DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        CheckSchema(schema);
        return ApplyAsync(dataSource, schema, null, cancellationToken);
    }

    internal static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, Microsoft.Extensions.Logging.ILogger? logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Replicas starting together queue here; the first creates the tables, the others find them at the version.
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
                {
                    lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "Geonode.Scraper.PostgreSql schema " + schema });
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var current = await ReadVersionAsync(connection, transaction, schema, cancellationToken).ConfigureAwait(false);
                foreach (var script in Scripts.Value.Where(s => s.Version > current))
                {
                    using var command = new NpgsqlCommand(Substitute(script.Text, schema), connection, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    if (logger is not null)
                    {
                        Log.SchemaApplied(logger, script.Name, schema);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the version recorded in the schema; 0 when it has no <c>schema_version</c> table.</summary>
    internal static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Quote(schema) + ".schema_version" });
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Quote(schema)}.schema_version", connection, transaction);
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>The schema name as a quoted identifier (a valid name needs no escaping; quoting keeps it lowercase).</summary>
    internal static string Quote(string schema) => "\"" + schema + "\"";

    private static void CheckSchema(string schema) =>
        new PostgreSqlCoordinationOptions { Schema = schema }.ThrowIfInvalid(nameof(schema));

    private static string Substitute(string script, string schema) => script.Replace(SchemaVariable, Quote(schema), StringComparison.Ordinal);

    private static List<(int Version, string Name, string Text)> LoadScripts()
    {
        const string prefix = "Geonode.Scraper.PostgreSql.Schema.";
        var assembly = typeof(PostgreSqlCoordinationSchema).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        if (scripts.Count == 0 || scripts[^1].Item1 != Version)
        {
            throw new InvalidOperationException($"The package's schema scripts end at version {(scripts.Count == 0 ? 0 : scripts[^1].Item1)}, not {Version}.");
        }

        return scripts;
    }
}
