namespace Geonode.Scraper.Internal;

/// <summary>One line of a <see cref="FileJobLedger"/>: the header (<see cref="Format"/> set) or a record (<see cref="Op"/> set).</summary>
internal sealed class JobLedgerLine
{
    public const string FormatName = "geonode-job-ledger";

    public const int CurrentVersion = 1;

    public const string Intent = "intent";

    public const string Started = "started";

    public const string NotStarted = "not_started";

    public const string Finished = "finished";

    public string? Format { get; set; }

    public int? Version { get; set; }

    public string? Op { get; set; }

    public string? EntryId { get; set; }

    public string? Kind { get; set; }

    public DateTimeOffset? At { get; set; }

    public string? Url { get; set; }

    public int? UrlCount { get; set; }

    public string? Request { get; set; }

    public string? JobId { get; set; }

    public string? Status { get; set; }
}
