using System.Globalization;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Adds up the results of a batch or crawl as they are read, then checks them against the job's terminal counters, the URLs
/// submitted and the tokens charged. What the results say is the receipt's figures; every disagreement is a discrepancy.
/// </summary>
internal sealed class ReceiptBuilder
{
    private readonly string _kind;
    private readonly Func<string?, string?> _redact;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<FailedUrl> _failed = [];
    private int _succeeded;
    private int _cancelled;
    private int _other;

    /// <param name="kind">The kind of job.</param>
    /// <param name="redact">Removes the API key from the server's error texts (a server may echo it).</param>
    public ReceiptBuilder(string kind, Func<string?, string?> redact)
    {
        _kind = kind;
        _redact = redact;
    }

    /// <summary>Counts one result (a repeat of a key already counted is ignored).</summary>
    /// <param name="key">The result's identity (a batch item's input index, a crawl page's URL).</param>
    /// <param name="url">Its URL.</param>
    /// <param name="status">Its status.</param>
    /// <param name="errorCode">The server's error code, if any.</param>
    /// <param name="errorMessage">The server's error message, if any.</param>
    public void Add(string key, string url, JobStatus status, string? errorCode, string? errorMessage)
    {
        if (!_keys.Add(key))
        {
            return;
        }

        if (status == JobStatus.Completed)
        {
            _succeeded++;
        }
        else if (status == JobStatus.Failed)
        {
            _failed.Add(new FailedUrl { Url = url, ErrorCode = _redact(errorCode), ErrorMessage = _redact(errorMessage) });
        }
        else if (status == JobStatus.Cancelled)
        {
            _cancelled++;
        }
        else
        {
            _other++;
        }
    }

    /// <summary>The receipt against the job's terminal snapshot.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="status">Its terminal status.</param>
    /// <param name="counters">Its counters.</param>
    /// <param name="submitted">The URLs submitted when known to the caller (a batch started here, or recorded by the ledger).</param>
    public JobReceipt Build(string jobId, JobStatus status, JobCounters counters, int? submitted)
    {
        var problems = new List<string>();
        var read = _keys.Count;
        var reported = counters.Total + counters.Invalid.Count;
        if (submitted is { } sent && sent != reported)
        {
            problems.Add(Text($"{sent} URLs were submitted, but the job counts {counters.Total} accepted and {counters.Invalid.Count} invalid ({reported})."));
        }

        var sum = counters.Completed + counters.Failed + counters.Cancelled + counters.Pending;
        if (sum != counters.Total)
        {
            problems.Add(Text($"The job's counters do not add up: {counters.Completed} completed + {counters.Failed} failed + {counters.Cancelled} cancelled + {counters.Pending} pending = {sum}, but its total is {counters.Total}."));
        }

        if (counters.Pending > 0)
        {
            problems.Add(Text($"The job ended ({status}) with {counters.Pending} results still pending."));
        }

        // A batch holds at least one URL and a crawl at least its seed: a job that completed with no result, when not every URL
        // was skipped as invalid, has lost its work, whether or not this process knows what was submitted.
        if (status == JobStatus.Completed && counters.Total == 0 && (submitted is { } known ? known > counters.Invalid.Count : counters.Invalid.Count == 0))
        {
            problems.Add(submitted is { } count
                ? Text($"The job claims completion with a total of 0 results for {count} URLs submitted.")
                : Text($"The job claims completion with a total of 0 results, but a {_kind} always has at least one URL."));
        }

        if (read != counters.Total)
        {
            problems.Add(Text($"{read} results were read, but the job's total is {counters.Total}."));
        }

        Compare(problems, "completed", _succeeded, counters.Completed);
        Compare(problems, "failed", _failed.Count, counters.Failed);
        Compare(problems, "cancelled", _cancelled, counters.Cancelled);
        if (_other > 0)
        {
            problems.Add(Text($"{_other} results read had not settled although the job had ended."));
        }

        if (counters.TokensCharged is { } tokens && tokens != _succeeded)
        {
            problems.Add(Text($"The job was charged {tokens} tokens for {_succeeded} pages extracted (one successful page is one token)."));
        }

        return new JobReceipt
        {
            JobId = jobId,
            Kind = _kind,
            Status = status,
            Submitted = submitted ?? (_kind == JobLedgerEntry.CrawlKind ? counters.Total : reported),
            Succeeded = _succeeded,
            Failed = _failed.Count,
            Cancelled = _cancelled,
            Invalid = counters.Invalid.Count,
            TokensCharged = counters.TokensCharged,
            FailedUrls = [.. _failed],
            InvalidUrls = counters.Invalid,
            ItemsRead = read,
            Discrepancies = problems,
        };
    }

    private static void Compare(List<string> problems, string what, int read, int counted)
    {
        if (read != counted)
        {
            problems.Add(Text($"{read} results read are {what}, but the job counts {counted}."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A job's counters, as its terminal snapshot reports them.</summary>
internal readonly record struct JobCounters(int Total, int Completed, int Failed, int Cancelled, int Pending, IReadOnlyList<string> Invalid, int? TokensCharged);
