using System.Text.Json.Nodes;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>One unit of work of a job (an extraction, a batch URL or a crawl page), when it runs, and whether it fails
/// (decided when the job is created: a <c>flaky.test</c> page fails only the first time it is extracted).</summary>
internal sealed record WorkItem(int Index, string Url, string? ParentUrl, int ParentIndex, int Depth, DateTimeOffset Start, DateTimeOffset End, bool Fails);

/// <summary>A page of a crawl or a URL of a batch before it is scheduled.</summary>
internal sealed record PlannedPage(string Url, string? Parent, int ParentIndex, int Depth, bool Fails);

/// <summary>
/// A job whose state is a pure function of time: nothing runs in the background, so any number of jobs and items costs
/// nothing until read, and every read is consistent with every other. Profiles add a little per-read state (read counts).
/// </summary>
internal abstract class EmulatedJob
{
    private int _reads;

    protected EmulatedJob(string kind, string id, long sequence, DateTimeOffset createdAt, JsonObject config)
    {
        Kind = kind;
        Id = id;
        Sequence = sequence;
        CreatedAt = createdAt;
        Config = config;
    }

    public string Kind { get; }

    public string Id { get; }

    /// <summary>The creation order, which breaks ties between jobs created at the same instant (a fake clock).</summary>
    public long Sequence { get; }

    public DateTimeOffset CreatedAt { get; }

    public JsonObject Config { get; }

    public DateTimeOffset? CancelledAt { get; set; }

    public HashSet<EmulatorProfile> Profiles { get; init; } = [];

    /// <summary>Set once the terminal webhook event has been handed to the deliveries (by their single reader).</summary>
    public bool Notified { get; set; }

    /// <summary>Set once a <see cref="EmulatorProfile.JobVanishes"/> job has answered its last read.</summary>
    public bool Vanished { get; set; }

    /// <summary>For <see cref="EmulatorProfile.StatusBackwards"/>: a read has shown <c>processing</c>.</summary>
    public bool SeenProcessing { get; set; }

    /// <summary>For <see cref="EmulatorProfile.StatusBackwards"/>: the one backwards answer has been given.</summary>
    public bool Requeued { get; set; }

    public abstract IReadOnlyList<string> Urls { get; }

    /// <summary>When the job's work ends (it is terminal from then on unless a special host says otherwise).</summary>
    public abstract DateTimeOffset DoneAt { get; }

    public abstract string Status(DateTimeOffset now);

    public abstract DateTimeOffset? CompletedAt(DateTimeOffset now);

    public int NextRead() => Interlocked.Increment(ref _reads);

    public bool Has(EmulatorProfile profile) => Profiles.Contains(profile);

    public static bool IsTerminal(string status) => status is "completed" or "failed" or "cancelled" or "canceled";
}

/// <summary>An extraction, batch or crawl: a list of work items run <c>Parallelism</c> at a time after the queue time.</summary>
internal sealed class ItemJob : EmulatedJob
{
    private readonly DateTimeOffset _doneAt;

    public ItemJob(string kind, string id, long sequence, DateTimeOffset createdAt, JsonObject config, IReadOnlyList<WorkItem> items, DateTimeOffset started)
        : base(kind, id, sequence, createdAt, config)
    {
        Items = items;
        Started = started;
        _doneAt = items.Max(i => i.End);
    }

    public string SeedUrl => Items[0].Url;

    public IReadOnlyList<WorkItem> Items { get; }

    public DateTimeOffset Started { get; }

    public override DateTimeOffset DoneAt => _doneAt;

    public override IReadOnlyList<string> Urls => Kind == "batch" ? Items.Select(i => i.Url).ToList() : [SeedUrl];

    public List<string> InvalidUrls { get; init; } = [];

    /// <summary>For a batch, each item's position in the request (invalid URLs the server skipped keep their places).</summary>
    public IReadOnlyList<int>? InputIndexes { get; init; }

    /// <summary>Builds the schedule: item i starts after the queue time, in waves of <see cref="EmulatorOptions.Parallelism"/>.</summary>
    public static List<WorkItem> Schedule(List<PlannedPage> pages, DateTimeOffset started, EmulatorOptions options)
    {
        var items = new List<WorkItem>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var start = started + (options.PageTime * (i / options.Parallelism));
            var duration = options.PageTime * (SyntheticWeb.IsSlow(page.Url) ? options.SlowFactor : 1);
            if (page.ParentIndex >= 0 && start < items[page.ParentIndex].End)
            {
                // A crawl page cannot start before the page that links to it has been extracted.
                start = items[page.ParentIndex].End;
            }

            items.Add(new WorkItem(i, page.Url, page.Parent, page.ParentIndex, page.Depth, start, start + duration, page.Fails));
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

        return item.Fails ? "failed" : "completed";
    }

    public List<WorkItem> Listed(DateTimeOffset now) => Items.Where(i => IsListed(i, now)).ToList();

    public override string Status(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            return "cancelled";
        }

        if (now < Started)
        {
            return "queued";
        }

        if (now < _doneAt)
        {
            return "processing";
        }

        if (SyntheticWeb.ForcedJobStatus(SeedUrl) is { } forced)
        {
            return forced;
        }

        // A single extraction, or a crawl whose seed page failed, fails as a job; a batch completes with failed items.
        return Kind != "batch" && Items[0].Fails ? "failed" : "completed";
    }

    public override DateTimeOffset? CompletedAt(DateTimeOffset now)
    {
        if (!IsTerminal(Status(now)))
        {
            return null;
        }

        return CancelledAt ?? _doneAt;
    }

    public int Charged(DateTimeOffset now) => Listed(now).Count(i => ItemStatus(i, now) == "completed");

    public int Reserved(DateTimeOffset now) => IsTerminal(Status(now)) ? 0 : Listed(now).Count(i => ItemStatus(i, now) is "pending" or "queued" or "processing");
}

/// <summary>A map or search job: done when created; the answer is stored.</summary>
internal sealed class InstantJob : EmulatedJob
{
    public InstantJob(string kind, string id, long sequence, DateTimeOffset createdAt, JsonObject detail, JsonObject summary, IReadOnlyList<string> urls, string? query)
        : base(kind, id, sequence, createdAt, new JsonObject())
    {
        Detail = detail;
        Summary = summary;
        Urls = urls;
        Query = query;
    }

    public JsonObject Detail { get; }

    public JsonObject Summary { get; }

    public string? Query { get; }

    public override IReadOnlyList<string> Urls { get; }

    public override DateTimeOffset DoneAt => CreatedAt;

    public override string Status(DateTimeOffset now) => "completed";

    public override DateTimeOffset? CompletedAt(DateTimeOffset now) => CreatedAt;
}
