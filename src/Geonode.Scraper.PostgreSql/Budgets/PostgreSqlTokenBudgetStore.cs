using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.PostgreSql.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// The <see cref="ITokenBudgetStore"/> that replicas share through PostgreSQL (table <c>token_budgets</c>): one row per budget
/// and job holding the highest figure recorded, upserted and summed in one statement, so that the waits of every replica
/// see the same total. A budget that nobody recorded into for <see cref="PostgreSqlCoordinationOptions.BudgetRetention"/>
/// is deleted. Thread-safe.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class PostgreSqlTokenBudgetStore : ITokenBudgetStore
{
    private readonly CoordinationStore _store;
    private readonly CleanupSchedule _cleanup;
    private readonly string _record;
    private readonly string _deleteIdle;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlTokenBudgetStore"/> class on a data source the caller
    /// owns (and disposes). In an application, prefer
    /// <see cref="PostgreSqlCoordinationExtensions.AddPostgreSqlCoordination(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, string, Action{PostgreSqlCoordinationOptions})"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema and retention; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where to log; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public PostgreSqlTokenBudgetStore(NpgsqlDataSource dataSource, PostgreSqlCoordinationOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(new CoordinationStore(dataSource, options, ownsDataSource: false, loggerFactory, null))
    {
    }

    internal PostgreSqlTokenBudgetStore(CoordinationStore store)
    {
        _store = store;
        var t = store.Table("token_budgets");

        // The outer query reads the snapshot from before the upsert: the other jobs' figures, plus this job's as upserted.
        _record = $"""
            WITH recorded AS (
                INSERT INTO {t} AS b (budget_name, job_id, tokens) VALUES ($1, $2, $3)
                ON CONFLICT (budget_name, job_id) DO UPDATE
                    SET tokens = greatest(b.tokens, EXCLUDED.tokens), updated_at = now()
                RETURNING tokens)
            SELECT (SELECT tokens FROM recorded)
                 + coalesce((SELECT sum(tokens) FROM {t} WHERE budget_name = $1 AND job_id <> $2), 0)::bigint
            """;
        _deleteIdle = $"""
            DELETE FROM {t} AS b WHERE b.budget_name IN (
                SELECT budget_name FROM {t} GROUP BY budget_name HAVING max(updated_at) < now() - $1)
            """;
        _cleanup = new CleanupSchedule(store.Time, store.Options.CleanupInterval, "token_budgets", DeleteIdleAsync, store.Logger);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="budgetName"/> or <paramref name="jobId"/> is empty.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async ValueTask<long> RecordAsync(string budgetName, string jobId, long tokensCharged, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(budgetName);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        long total;
        using (var command = Sql.Command(_store.DataSource, _record, Sql.Text(budgetName), Sql.Text(jobId), Sql.Bigint(tokensCharged)))
        {
            total = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        _cleanup.RunIfDue();
        return total;
    }

    /// <summary>Deletes the budgets none of whose jobs was recorded for <see cref="PostgreSqlCoordinationOptions.BudgetRetention"/>
    /// (database clock). The store does this by itself at most once per <see cref="PostgreSqlCoordinationOptions.CleanupInterval"/>.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of rows deleted.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await DeleteIdleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the schema the store uses (never the connection string).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(PostgreSqlTokenBudgetStore)} {{ Schema = {_store.Schema} }}";

    private async Task<int> DeleteIdleAsync(CancellationToken cancellationToken)
    {
        using var command = Sql.Command(_store.DataSource, _deleteIdle, Sql.Interval(_store.Options.BudgetRetention));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
