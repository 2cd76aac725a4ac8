namespace Geonode.Scraper.Conformance;

/// <summary>
/// The contract of <see cref="IJobLedger"/>, as every implementation must keep it: derive a test class, return your ledger
/// from <see cref="CreateLedger"/> and a second one on the same store (another process's) from
/// <see cref="CreateLedgerOnSameStore"/>, and make <see cref="AdvanceAsync"/> move the ledger's clock (or wait, when it is a
/// real one such as a database's). The tests use keys of their own, so the store may be shared by every test.
/// <see cref="InMemoryJobLedger"/> is the reference.
/// </summary>
public abstract class JobLedgerConformanceTests : IAsyncLifetime
{
    /// <summary>A lease no test outlives.</summary>
    protected static readonly TimeSpan LongLease = TimeSpan.FromMinutes(10);

    private static readonly DateTimeOffset RecordedAt = new(2026, 5, 1, 12, 30, 15, 123, TimeSpan.Zero);
    private readonly ConformanceInstances _instances = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private IJobLedger? _first;
    private IJobLedger? _second;

    /// <summary>Gets the lease of the tests that let a lease expire: long enough for a few calls to the ledger to finish
    /// well within it, short enough to wait for on a real clock.</summary>
    /// <value>The default value is 1 second.</value>
    protected virtual TimeSpan ShortLease => TimeSpan.FromSeconds(1);

    /// <summary>Gets the ledger of "this process".</summary>
    protected IJobLedger Ledger => _first ??= _instances.Track(CreateLedger());

    /// <summary>Gets the ledger of "another process", on the same store.</summary>
    protected IJobLedger OtherLedger => _second ??= _instances.Track(CreateLedgerOnSameStore());

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync() => await _instances.DisposeAsync();

    [ConformanceFact]
    public async Task ClaimAsync_NewKey_InsertsAClaimedEntryThatTheCallerOwns()
    {
        var entry = NewEntry("a");

        var claim = await Ledger.ClaimAsync(entry, LongLease);

        claim.IsOwner.Should().BeTrue();
        claim.TookOver.Should().BeFalse();
        claim.Entry.EntryId.Should().Be(entry.EntryId);
        claim.Entry.State.Should().Be(JobLedgerState.Claimed);
        claim.Entry.Owner.Should().Be(entry.Owner);
        claim.Entry.JobId.Should().BeNull();
        claim.Entry.FinalStatus.Should().BeNull();
        claim.Entry.LeaseExpiresAt.Should().NotBeNull();
        var stored = await OtherLedger.FindEntryAsync(entry.EntryId);
        stored.Should().NotBeNull("a claim is durable when its task completes, and the other process sees it");
        stored!.Owner.Should().Be(entry.Owner);
        stored.State.Should().Be(JobLedgerState.Claimed);
    }

    [ConformanceFact]
    public async Task ClaimAsync_NewKey_KeepsWhatDescribesTheRequest()
    {
        var crawl = NewEntry("a");
        var batch = NewEntry("a") with
        {
            Kind = JobLedgerEntry.BatchKind,
            Url = null,
            UrlCount = 1000,
            RequestJson = """{"urls":["https://a.example.test/é","https://b.example.test/\"q\""]}""",
        };
        var bare = NewEntry("a") with { Kind = JobLedgerEntry.ExtractKind, Url = null, RequestJson = null };

        foreach (var entry in new[] { crawl, batch, bare })
        {
            await Ledger.ClaimAsync(entry, LongLease);
            var stored = (await OtherLedger.FindEntryAsync(entry.EntryId))!;
            stored.Kind.Should().Be(entry.Kind);
            stored.Url.Should().Be(entry.Url);
            stored.UrlCount.Should().Be(entry.UrlCount);
            stored.RequestJson.Should().Be(entry.RequestJson);
            stored.RecordedAt.Should().BeCloseTo(entry.RecordedAt, TimeSpan.FromMilliseconds(1));
        }
    }

    [ConformanceFact]
    public async Task ClaimAsync_KeyHeldByAnother_ReturnsTheEntryAsStoredWithoutOwningIt()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        var claim = await OtherLedger.ClaimAsync(entry with { Owner = Owner("b"), Url = "https://other.example.test/" }, LongLease);

        claim.IsOwner.Should().BeFalse();
        claim.TookOver.Should().BeFalse();
        claim.Entry.Owner.Should().Be(entry.Owner);
        claim.Entry.State.Should().Be(JobLedgerState.Sending);
        claim.Entry.Url.Should().Be(entry.Url, "the entry is returned as stored, not as the loser asked");
    }

    [ConformanceFact]
    public async Task ClaimAsync_OwnerClaimsAgain_OwnsItWithoutTakingOverAndKeepsItsState()
    {
        var entry = NewEntry("a");
        var first = await Ledger.ClaimAsync(entry, ShortLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        var again = await OtherLedger.ClaimAsync(entry, LongLease);

        again.IsOwner.Should().BeTrue();
        again.TookOver.Should().BeFalse();
        again.Entry.State.Should().Be(JobLedgerState.Sending);
        again.Entry.LeaseExpiresAt.Should().BeAfter(first.Entry.LeaseExpiresAt!.Value, "the claim renewed the lease");
    }

    [ConformanceFact]
    public async Task ClaimAsync_TwoLedgersRaceForOneKey_ExactlyOneOwnsIt()
    {
        var key = Key();
        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? Ledger : OtherLedger).ClaimAsync(NewEntry($"racer-{i}", key), LongLease))));

        claims.Count(c => c.IsOwner).Should().Be(1);
        var owner = claims.Single(c => c.IsOwner).Entry.Owner;
        claims.Should().AllSatisfy(c => c.Entry.Owner.Should().Be(owner, "every claimant sees the one owner"));
        (await OtherLedger.FindEntryAsync(key))!.Owner.Should().Be(owner);
    }

    [ConformanceFact]
    public async Task ClaimAsync_ManyKeysRacedFromTwoLedgers_OneOwnerPerKey()
    {
        var keys = Enumerable.Range(0, 10).Select(_ => Key()).ToArray();
        var claims = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => (i % 2 == 0 ? Ledger : OtherLedger).ClaimAsync(NewEntry($"racer-{i}", keys[i % keys.Length]), LongLease))));

        claims.Where(c => c.IsOwner).Select(c => c.Entry.EntryId).Should().BeEquivalentTo(keys, "each key has exactly one owner");
    }

    [ConformanceFact]
    public async Task ClaimAsync_AfterTheOwnersLeaseExpired_TakesTheEntryOverWithItsState()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, ShortLease);
        (await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!)).Should().BeTrue();
        await LetShortLeaseExpireAsync();

        var claim = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);

        claim.IsOwner.Should().BeTrue();
        claim.TookOver.Should().BeTrue();
        claim.Entry.Owner.Should().Be(Owner("b"));
        claim.Entry.State.Should().Be(JobLedgerState.Sending, "the new owner looks for the job; it never sends the request again");
        claim.Entry.Url.Should().Be(entry.Url);
        claim.Entry.RequestJson.Should().Be(entry.RequestJson);
        claim.Entry.RecordedAt.Should().BeCloseTo(entry.RecordedAt, TimeSpan.FromMilliseconds(1), "the search for a lost answer starts from the first claim");
    }

    [ConformanceFact]
    public async Task ClaimAsync_StartedEntryWhoseOwnerDied_IsTakenOverWithItsJobId()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, ShortLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);
        await LetShortLeaseExpireAsync();

        var claim = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);

        claim.IsOwner.Should().BeTrue();
        claim.TookOver.Should().BeTrue();
        claim.Entry.State.Should().Be(JobLedgerState.Started);
        claim.Entry.JobId.Should().Be(jobId, "the new owner resumes the job by its id");
    }

    [ConformanceFact]
    public async Task ClaimAsync_FinishedEntry_IsNeverTakenOver()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, ShortLease);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);
        await Ledger.RecordFinishedAsync(jobId, JobStatus.Completed);
        await LetShortLeaseExpireAsync();

        var claim = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);

        claim.IsOwner.Should().BeFalse();
        claim.TookOver.Should().BeFalse();
        claim.Entry.State.Should().Be(JobLedgerState.Finished);
        claim.Entry.JobId.Should().Be(jobId, "the key stays taken: a new claimant reads the finished job");
        claim.Entry.FinalStatus.Should().Be(JobStatus.Completed);
    }

    [ConformanceFact]
    public async Task ClaimAsync_InvalidArguments_Throw()
    {
        var entry = NewEntry("a");

        await Ledger.Invoking(l => l.ClaimAsync(null!, LongLease)).Should().ThrowAsync<ArgumentNullException>();
        await Ledger.Invoking(l => l.ClaimAsync(entry with { Owner = null }, LongLease)).Should().ThrowAsync<ArgumentException>();
        await Ledger.Invoking(l => l.ClaimAsync(entry with { Owner = " " }, LongLease)).Should().ThrowAsync<ArgumentException>();
        await Ledger.Invoking(l => l.ClaimAsync(entry with { Kind = "" }, LongLease)).Should().ThrowAsync<ArgumentException>();
        await Ledger.Invoking(l => l.ClaimAsync(entry with { EntryId = new string('k', 201) }, LongLease)).Should().ThrowAsync<ArgumentException>();
        await Ledger.Invoking(l => l.ClaimAsync(entry, TimeSpan.Zero)).Should().ThrowAsync<ArgumentException>();
        (await Ledger.FindEntryAsync(entry.EntryId)).Should().BeNull("nothing was claimed");
    }

    [ConformanceFact]
    public async Task ClaimAsync_KeyOf200AnyCharacters_RoundTrips()
    {
        var key = ("ключ \"quoted\" 'single' \\ %_ ;-- " + Key()).PadRight(200, 'é');
        var entry = NewEntry("a", key);

        (await Ledger.ClaimAsync(entry, LongLease)).IsOwner.Should().BeTrue();
        (await OtherLedger.ClaimAsync(NewEntry("b", key), LongLease)).IsOwner.Should().BeFalse();
        (await OtherLedger.FindEntryAsync(key))!.EntryId.Should().Be(key);
        (await OtherLedger.FindEntryAsync(key[..199])).Should().BeNull("keys match exactly");
    }

    [ConformanceFact]
    public async Task TryRecordSendingAsync_ByTheOwner_MovesTheEntryToSending()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, LongLease);

        (await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!)).Should().BeTrue();
        (await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!)).Should().BeTrue("it is still the owner's, in Sending");

        (await OtherLedger.FindEntryAsync(entry.EntryId))!.State.Should().Be(JobLedgerState.Sending);
    }

    [ConformanceFact]
    public async Task TryRecordSendingAsync_AfterAnotherOwnerTookOver_IsRefused()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, ShortLease);
        await LetShortLeaseExpireAsync();
        (await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease)).TookOver.Should().BeTrue();

        var sending = await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        sending.Should().BeFalse("the first owner lost its lease: it must not send the request");
        var stored = (await OtherLedger.FindEntryAsync(entry.EntryId))!;
        stored.State.Should().Be(JobLedgerState.Claimed);
        stored.Owner.Should().Be(Owner("b"));
    }

    [ConformanceFact]
    public async Task TryRecordSendingAsync_OwnLeaseExpired_IsRefused()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, ShortLease);
        await LetShortLeaseExpireAsync();

        (await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!)).Should().BeFalse("another claimant may take the entry over at any moment now");
        (await OtherLedger.FindEntryAsync(entry.EntryId))!.State.Should().Be(JobLedgerState.Claimed);
    }

    [ConformanceFact]
    public async Task TryRecordSendingAsync_NotTheOwnerOrNoEntryOrAlreadyStarted_IsRefused()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, LongLease);
        var started = NewEntry("a");
        await Ledger.ClaimAsync(started, LongLease);
        await Ledger.RecordStartedAsync(started.EntryId, Key("job"));

        (await OtherLedger.TryRecordSendingAsync(entry.EntryId, Owner("b"))).Should().BeFalse();
        (await OtherLedger.TryRecordSendingAsync(Key(), entry.Owner!)).Should().BeFalse();
        (await Ledger.TryRecordSendingAsync(started.EntryId, started.Owner!)).Should().BeFalse("the job exists: nothing is to be sent");
        (await OtherLedger.FindEntryAsync(started.EntryId))!.State.Should().Be(JobLedgerState.Started);
    }

    [ConformanceFact]
    public async Task RecordStartedAsync_RecordsTheJobId_FoundByJobIdFromTheOtherLedger()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        await Ledger.RecordStartedAsync(entry.EntryId, jobId);

        var found = await OtherLedger.FindAsync(jobId);
        found.Should().NotBeNull();
        found!.EntryId.Should().Be(entry.EntryId);
        found.State.Should().Be(JobLedgerState.Started);
        found.JobId.Should().Be(jobId);
        found.Owner.Should().Be(entry.Owner);
    }

    [ConformanceFact]
    public async Task RecordStartedAsync_ByAProcessThatDoesNotHoldTheLease_StillRecords()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);

        await OtherLedger.RecordStartedAsync(entry.EntryId, jobId);

        (await Ledger.FindEntryAsync(entry.EntryId))!.JobId.Should().Be(jobId, "the job exists and is billed, whoever found it");
    }

    [ConformanceFact]
    public async Task RecordNotStartedAsync_RemovesTheEntry_AndTheKeyCanBeClaimedAgain()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        await Ledger.RecordNotStartedAsync(entry.EntryId);

        (await OtherLedger.FindEntryAsync(entry.EntryId)).Should().BeNull();
        var again = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);
        again.IsOwner.Should().BeTrue();
        again.TookOver.Should().BeFalse();
        again.Entry.State.Should().Be(JobLedgerState.Claimed);
    }

    [ConformanceFact]
    public async Task RecordNotStartedAsync_EntryWithAJobId_IsKept()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);

        await OtherLedger.RecordNotStartedAsync(entry.EntryId);

        (await Ledger.FindEntryAsync(entry.EntryId))!.JobId.Should().Be(jobId);
    }

    [ConformanceFact]
    public async Task RecordFinishedAsync_FinishesTheEntry_WhichLeavesTheFlightAndIsStillFound()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);

        await OtherLedger.RecordFinishedAsync(jobId, JobStatus.Failed);

        var found = (await Ledger.FindAsync(jobId))!;
        found.State.Should().Be(JobLedgerState.Finished);
        found.FinalStatus.Should().Be(JobStatus.Failed);
        found.LeaseExpiresAt.Should().BeNull();
        found.RequestJson.Should().Be(entry.RequestJson, "re-running what failed reads the request from here");
        (await Ledger.FindEntryAsync(entry.EntryId))!.State.Should().Be(JobLedgerState.Finished);
        (await OtherLedger.ListInFlightAsync()).Should().NotContain(e => e.EntryId == entry.EntryId);
    }

    [ConformanceFact]
    public async Task RecordFinishedAsync_UnknownJob_IsIgnored()
    {
        var unknown = Key("job");

        await Ledger.RecordFinishedAsync(unknown, JobStatus.Completed);

        (await Ledger.FindAsync(unknown)).Should().BeNull();
    }

    [ConformanceFact]
    public async Task RecordFinishedAsync_Twice_KeepsTheFirstStatus()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);
        await Ledger.RecordFinishedAsync(jobId, JobStatus.Completed);

        await OtherLedger.RecordFinishedAsync(jobId, JobStatus.Cancelled);
        await OtherLedger.RecordStartedAsync(entry.EntryId, Key("job"));

        var found = (await Ledger.FindEntryAsync(entry.EntryId))!;
        found.FinalStatus.Should().Be(JobStatus.Completed);
        found.JobId.Should().Be(jobId, "a finished entry does not change");
    }

    [ConformanceFact]
    public async Task RenewLeasesAsync_ExtendsEveryUnfinishedLeaseOfTheOwner()
    {
        var first = NewEntry("a");
        var second = NewEntry("a");
        await Ledger.ClaimAsync(first, ShortLease);
        await Ledger.ClaimAsync(second, ShortLease);

        await Ledger.RenewLeasesAsync(first.Owner!, LongLease);
        await LetShortLeaseExpireAsync();

        (await OtherLedger.ClaimAsync(NewEntry("b", first.EntryId), LongLease)).IsOwner.Should().BeFalse("the heartbeat kept the lease");
        (await OtherLedger.ClaimAsync(NewEntry("b", second.EntryId), LongLease)).IsOwner.Should().BeFalse();
        (await Ledger.TryRecordSendingAsync(first.EntryId, first.Owner!)).Should().BeTrue();
    }

    [ConformanceFact]
    public async Task RenewLeasesAsync_EntryTakenOverByAnother_IsNotTouched()
    {
        var entry = NewEntry("a");
        await Ledger.ClaimAsync(entry, ShortLease);
        await LetShortLeaseExpireAsync();
        var takeOver = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);

        await Ledger.RenewLeasesAsync(entry.Owner!, LongLease);

        var stored = (await OtherLedger.FindEntryAsync(entry.EntryId))!;
        stored.Owner.Should().Be(Owner("b"));
        stored.LeaseExpiresAt.Should().Be(takeOver.Entry.LeaseExpiresAt);
        (await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!)).Should().BeFalse();
    }

    [ConformanceFact]
    public async Task RenewLeasesAsync_FinishedEntries_StayWithoutALease()
    {
        var entry = NewEntry("a");
        var jobId = Key("job");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.RecordStartedAsync(entry.EntryId, jobId);
        await Ledger.RecordFinishedAsync(jobId, JobStatus.Completed);

        await Ledger.RenewLeasesAsync(entry.Owner!, LongLease);

        (await OtherLedger.FindEntryAsync(entry.EntryId))!.LeaseExpiresAt.Should().BeNull();
    }

    [ConformanceFact]
    public async Task ReleaseAsync_OneEntry_LetsAnotherClaimantTakeItOverAtOnce()
    {
        var entry = NewEntry("a");
        var kept = NewEntry("a");
        await Ledger.ClaimAsync(entry, LongLease);
        await Ledger.ClaimAsync(kept, LongLease);
        await Ledger.TryRecordSendingAsync(entry.EntryId, entry.Owner!);

        await Ledger.ReleaseAsync(entry.Owner!, entry.EntryId);

        var released = (await OtherLedger.FindEntryAsync(entry.EntryId))!;
        released.Owner.Should().BeNull();
        released.State.Should().Be(JobLedgerState.Sending, "a release keeps the state");
        var claim = await OtherLedger.ClaimAsync(NewEntry("b", entry.EntryId), LongLease);
        claim.IsOwner.Should().BeTrue();
        claim.TookOver.Should().BeTrue();
        claim.Entry.State.Should().Be(JobLedgerState.Sending);
        (await OtherLedger.ClaimAsync(NewEntry("b", kept.EntryId), LongLease)).IsOwner.Should().BeFalse("only the named entry was released");
    }

    [ConformanceFact]
    public async Task ReleaseAsync_AllOfAnOwner_ReleasesThatOwnersEntriesOnly()
    {
        var first = NewEntry("a");
        var second = NewEntry("a");
        var others = NewEntry("c");
        var jobId = Key("job");
        await Ledger.ClaimAsync(first, LongLease);
        await Ledger.ClaimAsync(second, LongLease);
        await Ledger.RecordStartedAsync(second.EntryId, jobId);
        await OtherLedger.ClaimAsync(others, LongLease);

        await Ledger.ReleaseAsync(first.Owner!);

        (await OtherLedger.ClaimAsync(NewEntry("b", first.EntryId), LongLease)).IsOwner.Should().BeTrue();
        var resumed = await OtherLedger.ClaimAsync(NewEntry("b", second.EntryId), LongLease);
        resumed.IsOwner.Should().BeTrue();
        resumed.Entry.JobId.Should().Be(jobId);
        (await OtherLedger.ClaimAsync(NewEntry("b", others.EntryId), LongLease)).IsOwner.Should().BeFalse();
        (await Ledger.FindEntryAsync(others.EntryId))!.Owner.Should().Be(others.Owner);
    }

    [ConformanceFact]
    public async Task ListInFlightAsync_ListsTheUnfinishedEntriesOldestFirstWithOwnersAndLeases()
    {
        var claimed = NewEntry("a");
        var sending = NewEntry("a");
        var started = NewEntry("b");
        var finished = NewEntry("a");
        await Ledger.ClaimAsync(claimed, LongLease);
        await Ledger.ClaimAsync(sending, LongLease);
        await OtherLedger.ClaimAsync(started, LongLease);
        await Ledger.ClaimAsync(finished, LongLease);
        await Ledger.TryRecordSendingAsync(sending.EntryId, sending.Owner!);
        await OtherLedger.RecordStartedAsync(started.EntryId, Key("job"));
        var finishedJob = Key("job");
        await Ledger.RecordStartedAsync(finished.EntryId, finishedJob);
        await Ledger.RecordFinishedAsync(finishedJob, JobStatus.Completed);
        var mine = new[] { claimed.EntryId, sending.EntryId, started.EntryId, finished.EntryId };

        var inFlight = (await OtherLedger.ListInFlightAsync()).Where(e => mine.Contains(e.EntryId)).ToList();

        inFlight.Select(e => e.EntryId).Should().Equal(claimed.EntryId, sending.EntryId, started.EntryId);
        inFlight.Select(e => e.State).Should().Equal(JobLedgerState.Claimed, JobLedgerState.Sending, JobLedgerState.Started);
        inFlight.Select(e => e.Owner).Should().Equal(claimed.Owner, sending.Owner, started.Owner);
        inFlight.Should().AllSatisfy(e => e.LeaseExpiresAt.Should().NotBeNull());
    }

    [ConformanceFact]
    public async Task ManyUpdates_KeepEveryEntryAsItWas()
    {
        // A few hundred heartbeats: enough for a store that rewrites or compacts itself now and then to do so.
        var claimed = NewEntry("a");
        var started = NewEntry("a") with { Kind = JobLedgerEntry.BatchKind, UrlCount = 3 };
        var finished = NewEntry("a");
        var startedJob = Key("job");
        var finishedJob = Key("job");
        await Ledger.ClaimAsync(claimed, LongLease);
        await Ledger.ClaimAsync(started, LongLease);
        await Ledger.ClaimAsync(finished, LongLease);
        await Ledger.RecordStartedAsync(started.EntryId, startedJob);
        await Ledger.RecordStartedAsync(finished.EntryId, finishedJob);
        await Ledger.RecordFinishedAsync(finishedJob, JobStatus.Completed);

        for (var i = 0; i < 300; i++)
        {
            await (i % 2 == 0 ? Ledger : OtherLedger).RenewLeasesAsync(claimed.Owner!, LongLease);
        }

        var mine = new[] { claimed.EntryId, started.EntryId };
        var inFlight = (await OtherLedger.ListInFlightAsync()).Where(e => mine.Contains(e.EntryId)).ToList();
        inFlight.Select(e => (e.EntryId, e.State, e.JobId, e.Owner)).Should().Equal(
            (claimed.EntryId, JobLedgerState.Claimed, null, claimed.Owner),
            (started.EntryId, JobLedgerState.Started, startedJob, started.Owner));
        inFlight[1].UrlCount.Should().Be(3);
        inFlight[1].RecordedAt.Should().BeCloseTo(started.RecordedAt, TimeSpan.FromMilliseconds(1));
        var done = (await Ledger.FindAsync(finishedJob))!;
        done.State.Should().Be(JobLedgerState.Finished);
        done.FinalStatus.Should().Be(JobStatus.Completed);
        (await Ledger.ClaimAsync(NewEntry("b", claimed.EntryId), LongLease)).IsOwner.Should().BeFalse("the lease was renewed all along");
    }

    [ConformanceFact]
    public async Task FindAsync_UnknownJobOrEntry_ReturnsNull()
    {
        (await Ledger.FindAsync(Key("job"))).Should().BeNull();
        (await Ledger.FindEntryAsync(Key())).Should().BeNull();
    }

    /// <summary>Creates a ledger: on a store of its own, or on one shared by every test (the tests use keys of their own).
    /// Called once per test, before <see cref="CreateLedgerOnSameStore"/>.</summary>
    /// <returns>The ledger; disposed after the test when it is disposable.</returns>
    protected abstract IJobLedger CreateLedger();

    /// <summary>Creates a second ledger on the store of the one <see cref="CreateLedger"/> made, as another process would
    /// (the same instance only when the ledger cannot be shared between processes, like <see cref="InMemoryJobLedger"/>).</summary>
    /// <returns>The ledger; disposed after the test when it is disposable.</returns>
    protected abstract IJobLedger CreateLedgerOnSameStore();

    /// <summary>Moves the ledger's clock forward by <paramref name="by"/>: a fake clock is advanced, a real one (a
    /// database's) is waited for.</summary>
    /// <param name="by">How far.</param>
    /// <returns>A task that completes when the clock has moved.</returns>
    protected abstract Task AdvanceAsync(TimeSpan by);

    /// <summary>A new key, unique to this test.</summary>
    protected string Key(string prefix = "key") => $"conformance-{prefix}-{_run}-{Guid.NewGuid():N}";

    /// <summary>An owner id of this test: the same name gives the same owner.</summary>
    protected string Owner(string name) => $"{name}/conformance/{_run}";

    /// <summary>An entry to claim for <paramref name="owner"/> (a name turned into an owner id by <see cref="Owner"/>).</summary>
    protected JobLedgerEntry NewEntry(string owner, string? key = null) => new()
    {
        EntryId = key ?? Key(),
        Kind = JobLedgerEntry.CrawlKind,
        RecordedAt = RecordedAt,
        Url = "https://docs.example.test/",
        RequestJson = """{"url":"https://docs.example.test/","depth":2}""",
        Owner = Owner(owner),
    };

    private Task LetShortLeaseExpireAsync() => AdvanceAsync(ShortLease + ShortLease / 2);
}
