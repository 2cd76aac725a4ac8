using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;
using Geonode.Scraper.PostgreSql.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// The <see cref="IJobLedger"/> that replicas share through PostgreSQL (table <c>job_ledger</c>). A claim is one
/// <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> statement on the entry id (the primary key): exactly one claimant
/// inserts it or takes it over; every other one gets the row as stored. Leases are measured on the database's clock
/// (<c>now()</c>), so replicas whose clocks disagree still agree on who holds an entry. Finished entries are kept for
/// <see cref="PostgreSqlCoordinationOptions.FinishedRetention"/> and then deleted (<see cref="CleanupAsync"/>, run by
/// itself at most once per <see cref="PostgreSqlCoordinationOptions.CleanupInterval"/>). Thread-safe; every method's change
/// is committed when its task completes.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class PostgreSqlJobLedger : IJobLedger
{
    private const string Columns = "entry_id, kind, recorded_at, url, url_count, request_json, job_id, state, owner, lease_expires_at, final_status, previous_owner";

    private readonly CoordinationStore _store;
    private readonly CleanupSchedule _cleanup;
    private readonly string _claim;
    private readonly string _sending;
    private readonly string _started;
    private readonly string _notStarted;
    private readonly string _finished;
    private readonly string _renew;
    private readonly string _release;
    private readonly string _findByJob;
    private readonly string _findByEntry;
    private readonly string _inFlight;
    private readonly string _deleteFinished;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlJobLedger"/> class on a data source the caller
    /// owns (and disposes). In an application, prefer
    /// <see cref="PostgreSqlCoordinationExtensions.AddPostgreSqlCoordination(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, string, Action{PostgreSqlCoordinationOptions})"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema and retention; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where to log; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public PostgreSqlJobLedger(NpgsqlDataSource dataSource, PostgreSqlCoordinationOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(new CoordinationStore(dataSource, options, ownsDataSource: false, loggerFactory, null))
    {
    }

    internal PostgreSqlJobLedger(CoordinationStore store)
    {
        _store = store;
        var t = store.Table("job_ledger");
        _claim = $"""
            WITH claimed AS (
                INSERT INTO {t} AS l (entry_id, kind, recorded_at, url, url_count, request_json, state, owner, lease_expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7, now() + $8)
                ON CONFLICT (entry_id) DO UPDATE
                    SET owner = EXCLUDED.owner, previous_owner = l.owner, lease_expires_at = EXCLUDED.lease_expires_at, updated_at = now()
                    WHERE l.state <> 'finished'
                      AND (l.owner = EXCLUDED.owner OR l.lease_expires_at IS NULL OR l.lease_expires_at <= now())
                RETURNING {Columns}, (xmax = 0) AS inserted)
            SELECT {Columns}, true, inserted FROM claimed
            UNION ALL
            SELECT {Columns}, false, false FROM {t} WHERE entry_id = $1 AND NOT EXISTS (SELECT FROM claimed)
            """;
        _sending = $"""
            UPDATE {t} SET state = 'sending', updated_at = now()
            WHERE entry_id = $1 AND owner = $2 AND state IN ('claimed', 'sending') AND lease_expires_at > now()
            """;
        _started = $"UPDATE {t} SET state = 'started', job_id = $2, updated_at = now() WHERE entry_id = $1 AND state <> 'finished'";
        _notStarted = $"DELETE FROM {t} WHERE entry_id = $1 AND job_id IS NULL";
        _finished = $"""
            UPDATE {t} SET state = 'finished', final_status = $2, lease_expires_at = NULL, finished_at = now(), updated_at = now()
            WHERE job_id = $1 AND state <> 'finished'
            """;
        _renew = $"UPDATE {t} SET lease_expires_at = now() + $2 WHERE owner = $1 AND state <> 'finished'";
        _release = $"""
            UPDATE {t} SET owner = NULL, lease_expires_at = now(), updated_at = now()
            WHERE owner = $1 AND state <> 'finished' AND ($2::text IS NULL OR entry_id = $2)
            """;
        _findByJob = $"SELECT {Columns} FROM {t} WHERE job_id = $1 ORDER BY seq DESC LIMIT 1";
        _findByEntry = $"SELECT {Columns} FROM {t} WHERE entry_id = $1";
        _inFlight = $"SELECT {Columns} FROM {t} WHERE state <> 'finished' ORDER BY seq";
        _deleteFinished = $"DELETE FROM {t} WHERE state = 'finished' AND finished_at < now() - $1";
        _cleanup = new CleanupSchedule(store.Time, store.Options.CleanupInterval, "job_ledger", CleanupAsync, store.Logger);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry has no id, kind or owner, its id is longer than 200 characters, or the
    /// lease is not positive.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<JobClaim> ClaimAsync(JobLedgerEntry entry, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LedgerRules.CheckClaim(entry, leaseDuration);
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        // No row back: the conflicting row was committed after this statement's snapshot (or deleted meanwhile); the next
        // attempt sees it.
        for (var attempt = 1; ; attempt++)
        {
            using var command = Sql.Command(
                _store.DataSource,
                _claim,
                Sql.Text(entry.EntryId),
                Sql.Text(entry.Kind),
                Sql.Timestamp(entry.RecordedAt),
                Sql.Text(entry.Url),
                Sql.Integer(entry.UrlCount),
                Sql.Text(entry.RequestJson),
                Sql.Text(entry.Owner),
                Sql.Interval(leaseDuration));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var stored = Read(reader);
                    var owned = reader.GetBoolean(12);
                    var inserted = reader.GetBoolean(13);
                    var tookOver = owned && !inserted && !string.Equals(reader.IsDBNull(11) ? null : reader.GetString(11), entry.Owner, StringComparison.Ordinal);
                    return new JobClaim { Entry = stored, IsOwner = owned, TookOver = tookOver };
                }
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"The claim of ledger entry '{entry.EntryId}' found no row after {attempt} attempts (it is being inserted and removed by others).");
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<bool> TryRecordSendingAsync(string entryId, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return await ExecuteAsync(_sending, cancellationToken, Sql.Text(entryId), Sql.Text(owner)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task RecordStartedAsync(string entryId, string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        return ExecuteAsync(_started, cancellationToken, Sql.Text(entryId), Sql.Text(jobId));
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task RecordNotStartedAsync(string entryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        return ExecuteAsync(_notStarted, cancellationToken, Sql.Text(entryId));
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task RecordFinishedAsync(string jobId, JobStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await ExecuteAsync(_finished, cancellationToken, Sql.Text(jobId), Sql.Text(status.ToString())).ConfigureAwait(false);
        _cleanup.RunIfDue();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The lease is not positive.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task RenewLeasesAsync(string owner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        LedgerRules.CheckLease(leaseDuration);
        return ExecuteAsync(_renew, cancellationToken, Sql.Text(owner), Sql.Interval(leaseDuration));
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task ReleaseAsync(string owner, string? entryId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return ExecuteAsync(_release, cancellationToken, Sql.Text(owner), Sql.Text(entryId));
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<JobLedgerEntry?> FindAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        return (await QueryAsync(_findByJob, cancellationToken, Sql.Text(jobId)).ConfigureAwait(false)) is [var found, ..] ? found : null;
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public async Task<JobLedgerEntry?> FindEntryAsync(string entryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        return (await QueryAsync(_findByEntry, cancellationToken, Sql.Text(entryId)).ConfigureAwait(false)) is [var found, ..] ? found : null;
    }

    /// <inheritdoc/>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task<IReadOnlyList<JobLedgerEntry>> ListInFlightAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_inFlight, cancellationToken);

    /// <summary>Deletes the entries finished longer than <see cref="PostgreSqlCoordinationOptions.FinishedRetention"/> ago
    /// (database clock); their idempotency keys can then be claimed again. The ledger does this by itself at most once per
    /// <see cref="PostgreSqlCoordinationOptions.CleanupInterval"/>.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of entries deleted.</returns>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statement.</exception>
    public Task<int> CleanupAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(_deleteFinished, cancellationToken, Sql.Interval(_store.Options.FinishedRetention));

    /// <summary>Returns the schema the ledger uses (never the connection string).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(PostgreSqlJobLedger)} {{ Schema = {_store.Schema} }}";

    private static JobLedgerEntry Read(NpgsqlDataReader reader) => new()
    {
        EntryId = reader.GetString(0),
        Kind = reader.GetString(1),
        RecordedAt = reader.GetFieldValue<DateTimeOffset>(2),
        Url = Sql.ReadText(reader, 3),
        UrlCount = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        RequestJson = Sql.ReadText(reader, 5),
        JobId = Sql.ReadText(reader, 6),
        State = reader.GetString(7) switch
        {
            "claimed" => JobLedgerState.Claimed,
            "sending" => JobLedgerState.Sending,
            "started" => JobLedgerState.Started,
            _ => JobLedgerState.Finished,
        },
        Owner = Sql.ReadText(reader, 8),
        LeaseExpiresAt = Sql.ReadTimestamp(reader, 9),
        FinalStatus = reader.IsDBNull(10) ? (JobStatus?)null : new JobStatus(reader.GetString(10)),
    };

    private async Task<int> ExecuteAsync(string text, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = Sql.Command(_store.DataSource, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<JobLedgerEntry>> QueryAsync(string text, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await _store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = Sql.Command(_store.DataSource, text, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var entries = new List<JobLedgerEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(Read(reader));
            }

            return entries;
        }
    }
}
