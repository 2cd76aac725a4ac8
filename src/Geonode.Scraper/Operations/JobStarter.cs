using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Sends the POST that starts every job, under the job ledger when there is one. With a ledger, the work is first claimed
/// under its key (the caller's idempotency key, or a new one): only the owner of a claim sends the request, after recording
/// that it is about to (<see cref="IJobLedger.TryRecordSendingAsync"/>); every other claimant gets the same job by id, or
/// waits for the owner to record it. A refusal (4xx) removes the claim. When the answer is lost after the request may have
/// arrived (a broken connection, an attempt timeout, an unreadable body, or a 5xx answer), the request is never sent again:
/// the job is looked for on the API's job list (<see cref="StartedJobFinder"/>), as it is by an owner that takes over a
/// claim left in <see cref="JobLedgerState.Sending"/>.
/// </summary>
internal sealed class JobStarter
{
    /// <summary>How often a claimant re-reads a claim another process holds without a job id yet.</summary>
    internal static readonly TimeSpan HeldClaimPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ApiConnection _api;
    private readonly IJobLedger? _ledger;
    private readonly LeaseKeeper? _leases;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public JobStarter(ApiConnection api, IJobLedger? ledger, LeaseKeeper? leases, TimeProvider time, ILogger logger)
    {
        _api = api;
        _ledger = ledger;
        _leases = leases;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts a job, or finds the one already started for the same key. <paramref name="recorded"/> is what the
    /// ledger keeps of the request (without the headers for target sites).</summary>
    public async Task<TAccepted> StartAsync<TRequest, TAccepted>(
        JobStart<TRequest, TAccepted> start, TRequest request, TRequest recorded, JobStartOptions? options, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob
    {
        var key = options?.IdempotencyKey;
        if (key is not null && (string.IsNullOrWhiteSpace(key) || key.Length > LedgerRules.MaxEntryIdLength))
        {
            throw new ArgumentException($"The idempotency key must be 1 to {LedgerRules.MaxEntryIdLength} characters.", nameof(options));
        }

        var call = new ApiCall(HttpMethod.Post, start.Path, start.Route) { Body = ApiConnection.Serialize(request, start.RequestType) };
        if (_ledger is null || _leases is null)
        {
            if (key is not null)
            {
                throw new ArgumentException(
                    "An idempotency key needs a job ledger that remembers it: set ScraperClientOptions.JobLedger (for example a FileJobLedger), or register one (AddPostgreSqlCoordination for several replicas).",
                    nameof(options));
            }

            return (await _api.SendAsync(call, start.AcceptedType, cancellationToken).ConfigureAwait(false)).Value;
        }

        var entry = new JobLedgerEntry
        {
            EntryId = key ?? Guid.NewGuid().ToString("N"),
            Kind = start.Kind,
            RecordedAt = _time.GetUtcNow(),
            Url = start.Url(request),
            UrlCount = start.UrlCount?.Invoke(request),
            RequestJson = Encoding.UTF8.GetString(ApiConnection.Serialize(recorded, start.RequestType)),
            Owner = _leases.Owner,
        };
        _leases.Start();
        var waitingLogged = false;
        while (true)
        {
            var claim = await _ledger.ClaimAsync(entry, _leases.LeaseDuration, cancellationToken).ConfigureAwait(false);
            var stored = claim.Entry;
            if (stored.Kind != start.Kind)
            {
                throw new ArgumentException($"The idempotency key '{key}' is already used for a {stored.Kind} job, not a {start.Kind} job.", nameof(options));
            }

            if (stored.JobId is { } existing)
            {
                return await ReadExistingAsync(start, existing, cancellationToken).ConfigureAwait(false);
            }

            if (!claim.IsOwner)
            {
                // Another process is starting this work: its job id appears here, or its lease runs out and this one takes over.
                if (!waitingLogged)
                {
                    Log.ClaimHeldElsewhere(_logger, stored.EntryId, stored.Owner);
                    waitingLogged = true;
                }

                await _time.DelayAsync(HeldClaimPollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (claim.TookOver)
            {
                Log.ClaimTakenOver(_logger, stored.EntryId, stored.State);
            }

            if (stored.State == JobLedgerState.Sending)
            {
                // The previous owner may have sent the request: look for its job, never send it again.
                return await FindAndRecordAsync(start, stored, null, cancellationToken).ConfigureAwait(false);
            }

            if (!await _ledger.TryRecordSendingAsync(stored.EntryId, _leases.Owner, cancellationToken).ConfigureAwait(false))
            {
                // The lease was lost between the claim and now: claim again and follow whoever holds it.
                continue;
            }

            return await SendAsync(start, call, stored, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Looks for the job an entry of unknown outcome may have started, on the server's clock.</summary>
    public Task<IScraperJob> FindStartedJobAsync(JobLedgerEntry entry, StartedJobFinder.ListPage list, CancellationToken cancellationToken) =>
        StartedJobFinder.FindAsync(entry, list, _time, null, cancellationToken);

    private async Task<TAccepted> SendAsync<TRequest, TAccepted>(JobStart<TRequest, TAccepted> start, ApiCall call, JobLedgerEntry entry, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob
    {
        TAccepted accepted;
        try
        {
            accepted = (await _api.SendAsync(call, start.AcceptedType, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when ((UnknownOutcome.IsMarked(ex) || ex is ScraperApiException { StatusCode: >= (System.Net.HttpStatusCode)500 }) && !cancellationToken.IsCancellationRequested)
        {
            // A 5xx answer says nothing about whether the job was created: it is as unknown as a lost answer.
            Log.OutcomeUnknown(_logger, start.Route, ex is ScraperApiException api ? $"HTTP {(int)api.StatusCode}" : ex.GetType().Name);
            return await FindAndRecordAsync(start, entry, ex, cancellationToken).ConfigureAwait(false);
        }
        catch (ScraperApiException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            await _ledger!.RecordNotStartedAsync(entry.EntryId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // The job exists and is billed: its id is recorded even if the caller has given up meanwhile.
        await _ledger!.RecordStartedAsync(entry.EntryId, accepted.JobId, CancellationToken.None).ConfigureAwait(false);
        return accepted;
    }

    private async Task<TAccepted> FindAndRecordAsync<TRequest, TAccepted>(JobStart<TRequest, TAccepted> start, JobLedgerEntry entry, Exception? cause, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob
    {
        IScraperJob found;
        try
        {
            found = await StartedJobFinder.FindAsync(entry, start.List, _time, cause, cancellationToken).ConfigureAwait(false);
        }
        catch (ScraperUnknownOutcomeException)
        {
            // Not found (or not only one): the entry stays in Sending; another claimant may look again.
            await _ledger!.ReleaseAsync(_leases!.Owner, entry.EntryId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _ledger!.RecordStartedAsync(entry.EntryId, found.JobId, CancellationToken.None).ConfigureAwait(false);
        return start.FromListed(found);
    }

    private static async Task<TAccepted> ReadExistingAsync<TRequest, TAccepted>(JobStart<TRequest, TAccepted> start, string jobId, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob =>
        start.FromListed(await start.Read(jobId, cancellationToken).ConfigureAwait(false));
}

/// <summary>How one kind of job is started and recognised again: its POST, what the ledger keeps of the request, its job
/// list (to find a job whose answer was lost) and a read of one job (for a key whose job exists).</summary>
internal sealed class JobStart<TRequest, TAccepted>
{
    public required string Kind { get; init; }

    public required string Path { get; init; }

    public required string Route { get; init; }

    public required JsonTypeInfo<TRequest> RequestType { get; init; }

    public required JsonTypeInfo<TAccepted> AcceptedType { get; init; }

    public required Func<TRequest, string?> Url { get; init; }

    public Func<TRequest, int>? UrlCount { get; init; }

    /// <summary>Gets the accepted answer built from a job found on the list or read by id.</summary>
    public required Func<IScraperJob, TAccepted> FromListed { get; init; }

    /// <summary>Gets a page of the kind's job list, with the server's clock.</summary>
    public required StartedJobFinder.ListPage List { get; init; }

    /// <summary>Gets a read of one job by id.</summary>
    public required Func<string, CancellationToken, Task<IScraperJob>> Read { get; init; }
}
