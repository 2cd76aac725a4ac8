namespace Geonode.Scraper.Internal;

/// <summary>The rules of the ledger contract that every implementation shares: this package's and (linked into
/// Geonode.Scraper.PostgreSql) the PostgreSQL one.</summary>
internal static class LedgerRules
{
    /// <summary>The longest idempotency key (and entry id).</summary>
    public const int MaxEntryIdLength = 200;

    public static void CheckClaim(JobLedgerEntry entry, TimeSpan leaseDuration)
    {
        Guard.NotNull(entry);
        Guard.NotNullOrWhiteSpace(entry.EntryId, nameof(entry));
        Guard.NotNullOrWhiteSpace(entry.Kind, nameof(entry));
        Guard.NotNullOrWhiteSpace(entry.Owner, nameof(entry));
        if (entry.EntryId.Length > MaxEntryIdLength)
        {
            throw new ArgumentException($"The entry id is longer than {MaxEntryIdLength} characters.", nameof(entry));
        }

        CheckLease(leaseDuration);
    }

    public static void CheckLease(TimeSpan leaseDuration)
    {
        if (leaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lease must be positive; got {leaseDuration}.", nameof(leaseDuration));
        }
    }

    /// <summary>An unfinished entry passes to a claimant whose lease it already is, or once its owner's lease has expired.</summary>
    public static bool CanTakeOver(JobLedgerEntry stored, string owner, DateTimeOffset now) =>
        stored.State != JobLedgerState.Finished && (stored.Owner == owner || stored.LeaseExpiresAt is not { } expires || expires <= now);
}
