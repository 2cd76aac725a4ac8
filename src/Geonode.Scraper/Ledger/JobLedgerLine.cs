namespace Geonode.Scraper.Internal;

/// <summary>One line of a <see cref="FileJobLedger"/>: the header (<see cref="Format"/> set) or a record (<see cref="Op"/> set).</summary>
/// <remarks>Version 1 files (written before claims and leases) hold <see cref="Intent"/>, <see cref="Started"/>,
/// <see cref="NotStarted"/> and <see cref="Finished"/> records and are read as they are; new records are appended in the
/// version 2 form, and the next compaction rewrites the file as version 2.</remarks>
internal sealed class JobLedgerLine
{
    public const string FormatName = "geonode-job-ledger";

    public const int CurrentVersion = 2;

    /// <summary>Version 1: the request was about to be sent (read as <see cref="JobLedgerState.Sending"/>).</summary>
    public const string Intent = "intent";

    /// <summary>A new entry, claimed by <see cref="Owner"/> until <see cref="LeaseUntil"/>.</summary>
    public const string Claim = "claim";

    /// <summary>An entry whose lease passes to <see cref="Owner"/> until <see cref="LeaseUntil"/>.</summary>
    public const string TakeOver = "take_over";

    public const string Sending = "sending";

    public const string Started = "started";

    public const string NotStarted = "not_started";

    public const string Finished = "finished";

    /// <summary>Every unfinished entry of <see cref="Owner"/> is leased until <see cref="LeaseUntil"/> (renewed or released).</summary>
    public const string Lease = "lease";

    /// <summary>The lease of <see cref="Owner"/> on entry <see cref="EntryId"/> (or on all its entries when that is null)
    /// ends at <see cref="LeaseUntil"/>, and the entry has no owner.</summary>
    public const string Release = "release";

    /// <summary>An entry as it stands, written by compaction.</summary>
    public const string Entry = "entry";

    public string? Format { get; set; }

    public int? Version { get; set; }

    /// <summary>Gets or sets the header's random id, new whenever the file is created or compacted: a reader that has read
    /// part of the file tells by it that the file was replaced. Headers written by earlier versions of the SDK have none.</summary>
    public string? Generation { get; set; }

    public string? Op { get; set; }

    public string? EntryId { get; set; }

    public string? Kind { get; set; }

    public DateTimeOffset? At { get; set; }

    public string? Url { get; set; }

    public int? UrlCount { get; set; }

    public string? Request { get; set; }

    public string? JobId { get; set; }

    public string? Status { get; set; }

    public string? State { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Gets or sets when an <see cref="Entry"/> line's entry finished (kept for the retention of its key).</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}
