using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>One unit of work of a job (an extraction, a batch URL or a crawl page) and when it runs.</summary>
internal sealed record WorkItem(int Index, string Url, string? ParentUrl, int ParentIndex, int Depth, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// A job whose state is a pure function of time: nothing runs in the background, so any number of jobs and items costs
/// nothing until read, and every read is consistent with every other.
/// </summary>
internal abstract class EmulatedJob
{
    protected EmulatedJob(string kind, string id, DateTimeOffset createdAt, JsonObject config)
    {
        Kind = kind;
        Id = id;
        CreatedAt = createdAt;
        Config = config;
    }

    public string Kind { get; }

    public string Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public JsonObject Config { get; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Set once the terminal webhook event has been queued.</summary>
    public bool Notified { get; set; }

    public abstract string Status(DateTimeOffset now);

    public abstract DateTimeOffset? CompletedAt(DateTimeOffset now);

    public static bool IsTerminal(string status) => status is "completed" or "failed" or "cancelled" or "canceled";
}

/// <summary>An extraction, batch or crawl: a list of work items run <c>Parallelism</c> at a time after the queue time.</summary>
internal sealed class ItemJob : EmulatedJob
{
    private readonly DateTimeOffset _started;

    public ItemJob(string kind, string id, DateTimeOffset createdAt, JsonObject config, string seedUrl, IReadOnlyList<WorkItem> items, DateTimeOffset started)
        : base(kind, id, createdAt, config)
    {
        SeedUrl = seedUrl;
        Items = items;
        _started = started;
    }

    public string SeedUrl { get; }

    public IReadOnlyList<WorkItem> Items { get; }

    public List<string> InvalidUrls { get; init; } = [];

    /// <summary>For a batch, each item's position in the request (invalid URLs the server skipped keep their places).</summary>
    public IReadOnlyList<int>? InputIndexes { get; init; }

    /// <summary>Builds the schedule: item i starts after the queue time, in waves of <see cref="EmulatorOptions.Parallelism"/>.</summary>
    public static List<WorkItem> Schedule(IReadOnlyList<(string Url, string? Parent, int ParentIndex, int Depth)> urls, DateTimeOffset started, EmulatorOptions options)
    {
        var items = new List<WorkItem>(urls.Count);
        for (var i = 0; i < urls.Count; i++)
        {
            var (url, parent, parentIndex, depth) = urls[i];
            var start = started + (options.PageTime * (i / options.Parallelism));
            var duration = options.PageTime * (SyntheticWeb.IsSlow(url) ? options.SlowFactor : 1);
            if (parentIndex >= 0 && start < items[parentIndex].End)
            {
                // A crawl page cannot start before the page that links to it has been extracted.
                start = items[parentIndex].End;
            }

            items.Add(new WorkItem(i, url, parent, parentIndex, depth, start, start + duration));
        }

        return items;
    }

    /// <summary>Whether the item is visible yet: batch items always; crawl pages once their parent is done.</summary>
    public bool IsListed(WorkItem item, DateTimeOffset now) =>
        item.ParentIndex < 0 || (Items[item.ParentIndex].End <= now && (CancelledAt is null || Items[item.ParentIndex].End <= CancelledAt));

    public string ItemStatus(WorkItem item, DateTimeOffset now)
    {
        if (CancelledAt is { } cancelled && item.Start >= cancelled)
        {
            return "cancelled";
        }

        if (now < item.Start)
        {
            return Kind == "batch" ? "pending" : "queued";
        }

        if (now < item.End)
        {
            return "processing";
        }

        return SyntheticWeb.Fails(item.Url) ? "failed" : "completed";
    }

    public List<WorkItem> Listed(DateTimeOffset now) => Items.Where(i => IsListed(i, now)).ToList();

    public override string Status(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            return "cancelled";
        }

        if (now < _started)
        {
            return "queued";
        }

        var doneAt = Items.Max(i => i.End);
        if (now < doneAt)
        {
            return "processing";
        }

        if (SyntheticWeb.ForcedJobStatus(SeedUrl) is { } forced)
        {
            return forced;
        }

        // A single extraction, or a crawl whose seed page failed, fails as a job; a batch completes with failed items.
        return Kind != "batch" && SyntheticWeb.Fails(SeedUrl) ? "failed" : "completed";
    }

    public override DateTimeOffset? CompletedAt(DateTimeOffset now)
    {
        var status = Status(now);
        if (!IsTerminal(status))
        {
            return null;
        }

        return CancelledAt ?? Items.Max(i => i.End);
    }

    public int Charged(DateTimeOffset now) => Listed(now).Count(i => ItemStatus(i, now) == "completed");

    public int Reserved(DateTimeOffset now) => IsTerminal(Status(now)) ? 0 : Listed(now).Count(i => ItemStatus(i, now) is "pending" or "queued" or "processing");
}

/// <summary>A map or search job: done when created; the answer is stored.</summary>
internal sealed class InstantJob : EmulatedJob
{
    public InstantJob(string kind, string id, DateTimeOffset createdAt, JsonObject config, JsonObject summary, string status)
        : base(kind, id, createdAt, config)
    {
        Summary = summary;
        FinalStatus = status;
    }

    public JsonObject Summary { get; }

    public string FinalStatus { get; }

    public override string Status(DateTimeOffset now) => FinalStatus;

    public override DateTimeOffset? CompletedAt(DateTimeOffset now) => CreatedAt;
}
