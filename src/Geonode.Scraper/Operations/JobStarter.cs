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
/// claim left in <see cref="JobLedgerState.Sending"/>. The claims of one starter share its owner (the client's
/// <see cref="LeaseKeeper"/>), so the ledger would take two of its starts of one key for one claimant: they take turns instead.
/// </summary>
internal sealed class JobStarter
{
    /// <summary>How often a claimant re-reads a claim another process holds without a job id yet.</summary>
    internal static readonly TimeSpan HeldClaimPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ApiConnection _api;

    /// <summary>The keys being started or resumed by this starter: the ledger cannot tell its claims apart (they share its
    /// owner), so a second start of a key here waits for the first to record the job (or give the key back), then follows.</summary>
    private readonly KeyedLock _keys = new();
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
    /// <param name="start">How the kind of job is started.</param>
    /// <param name="request">The request.</param>
    /// <param name="recorded">What the ledger keeps of the request.</param>
    /// <param name="options">The caller's idempotency key, if any.</param>
    /// <param name="throttleWindow">How long a 429 (the account's concurrency limit) is waited out by the connection's
    /// retries, beyond the ordinary ones; <see langword="null"/> for the ordinary retries only.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    public async Task<TAccepted> StartAsync<TRequest, TAccepted>(
        JobStart<TRequest, TAccepted> start, TRequest request, TRequest recorded, JobStartOptions? options, TimeSpan? throttleWindow, CancellationToken cancellationToken)
        where TAccepted : class, IScraperJob
    {
        var key = options?.IdempotencyKey;
        if (key is not null && (string.IsNullOrWhiteSpace(key) || key.Length > LedgerRules.MaxEntryIdLength))
        {
            throw new ArgumentException($"The idempotency key must be 1 to {LedgerRules.MaxEntryIdLength} characters.", nameof(options));
        }

        var call = new ApiCall(HttpMethod.Post, start.Path, start.Route) { Body = ApiConnection.Serialize(request, start.RequestType), ThrottleWindow = throttleWindow };
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
        using var held = key is null ? null : await _keys.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
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
                Log.ClaimTakenOver(_logger, stored.EntryId, stored.State.ToString());
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

    /// <summary>
    /// Resumes a ledger entry that has no job id (its process stopped, or the answer was lost): claims it (taking it over
    /// when its owner's lease has expired) and, when its request may have been sent, looks for the job it started and
    /// records it. Never sends the request.
    /// </summary>
    /// <exception cref="InvalidOperationException">No ledger; another live process holds the entry; or its request was
    /// never sent (start the work again under its key).</exception>
    /// <exception cref="ScraperUnknownOutcomeException">No job, or several, match the entry.</exception>
    public async Task<string> ResumeAsync(JobLedgerEntry entry, IJobStart start, CancellationToken cancellationToken)
    {
        if (_ledger is null || _leases is null)
        {
            throw new InvalidOperationException("Resuming a ledger entry needs the client's job ledger: set ScraperClientOptions.JobLedger, or register one.");
        }

        _leases.Start();
        using var held = await _keys.AcquireAsync(entry.EntryId, cancellationToken).ConfigureAwait(false);
        var claim = await _ledger.ClaimAsync(entry with { Owner = _leases.Owner }, _leases.LeaseDuration, cancellationToken).ConfigureAwait(false);
        var stored = claim.Entry;
        if (stored.JobId is { } known)
        {
            return known;
        }

        if (!claim.IsOwner)
        {
            throw new InvalidOperationException($"Work {stored.EntryId} is held by {stored.Owner} (its lease runs until {stored.LeaseExpiresAt:O}), which is still starting it; resume it after that, or start it again under its key to wait for that process.");
        }

        if (stored.State == JobLedgerState.Claimed)
        {
            await _ledger.ReleaseAsync(_leases.Owner, stored.EntryId, CancellationToken.None).ConfigureAwait(false);
            throw new InvalidOperationException($"The request of work {stored.EntryId} was never sent, so there is no job to resume: start the work again under the key '{stored.EntryId}'.");
        }

        IScraperJob found;
        try
        {
            found = await StartedJobFinder.FindAsync(stored, start.List, _time, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ScraperUnknownOutcomeException)
        {
            await _ledger.ReleaseAsync(_leases.Owner, stored.EntryId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await _ledger.RecordStartedAsync(stored.EntryId, found.JobId, CancellationToken.None).ConfigureAwait(false);
        return found.JobId;
    }

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
