using System.Text.RegularExpressions;

namespace Geonode.Scraper.Emulator;

/// <summary>
/// Faults the emulator injects on demand, each for the next N requests matching a route such as <c>GET /v1/extract/*</c>,
/// <c>POST /v1/batch</c> or <c>* /v1/crawl/*</c> (<c>*</c> matches one path segment, or any method). Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly object _lock = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="statusCode">The status to answer with.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send, if any.</param>
    /// <param name="body">The body; <see langword="null"/> for the API's error envelope.</param>
    public void FailNext(string route, int statusCode, int count = 1, TimeSpan? retryAfter = null, string? body = null) =>
        Add(route, count, new Fault(FaultKind.Status, statusCode, retryAfter, body, TimeSpan.Zero));

    /// <summary>Drops the connection of the next <paramref name="count"/> matching requests without an answer.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="afterProcessing">Whether the request is processed first (a POST starts its job) before the drop.</param>
    public void DropNext(string route, int count = 1, bool afterProcessing = false) =>
        Add(route, count, new Fault(afterProcessing ? FaultKind.DropAfter : FaultKind.Drop, 0, null, null, TimeSpan.Zero));

    /// <summary>Delays the next <paramref name="count"/> matching requests.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="delay">The added latency.</param>
    /// <param name="count">How many requests.</param>
    public void DelayNext(string route, TimeSpan delay, int count = 1) =>
        Add(route, count, new Fault(FaultKind.Delay, 0, null, null, delay));

    /// <summary>Answers the next matching requests with their real status but only the first half of the JSON body.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    public void TruncateNext(string route, int count = 1) =>
        Add(route, count, new Fault(FaultKind.Truncate, 0, null, null, TimeSpan.Zero));

    /// <summary>Answers the next matching requests with 200 and an HTML page, as a captive portal or proxy would.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    public void HtmlNext(string route, int count = 1) =>
        Add(route, count, new Fault(FaultKind.Html, 200, null, null, TimeSpan.Zero));

    /// <summary>Replaces the job status in the next matching answers with <paramref name="status"/> (for example an
    /// unknown string or the spelling <c>canceled</c>).</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="status">The status string to send.</param>
    /// <param name="count">How many requests.</param>
    public void StatusNext(string route, string status, int count = 1) =>
        Add(route, count, new Fault(FaultKind.Status, 0, null, status, TimeSpan.Zero) { OverrideStatus = true });

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    internal Fault? Take(string method, string path)
    {
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                if (entry.Remaining > 0 && entry.Matches(method, path))
                {
                    entry.Remaining--;
                    return entry.Fault;
                }
            }

            _entries.RemoveAll(e => e.Remaining <= 0);
            return null;
        }
    }

    private void Add(string route, int count, Fault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(route);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            _entries.Add(new Entry(route, fault) { Remaining = count });
        }
    }

    internal enum FaultKind
    {
        Status,
        Drop,
        DropAfter,
        Delay,
        Truncate,
        Html,
    }

    internal sealed record Fault(FaultKind Kind, int StatusCode, TimeSpan? RetryAfter, string? Body, TimeSpan Delay)
    {
        public bool OverrideStatus { get; init; }

        public string Describe() => OverrideStatus ? $"status:{Body}" : Kind switch
        {
            FaultKind.Status => $"http:{StatusCode}",
            _ => Kind.ToString().ToLowerInvariant(),
        };
    }

    private sealed class Entry
    {
        private readonly string _method;
        private readonly Regex _path;

        public Entry(string route, Fault fault)
        {
            var parts = route.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            (_method, var pathPattern) = parts.Length == 2 ? (parts[0], parts[1]) : ("*", parts[0]);
            _path = new Regex("^" + Regex.Escape(pathPattern).Replace("\\*", "[^/]+", StringComparison.Ordinal) + "/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            Fault = fault;
        }

        public Fault Fault { get; }

        public int Remaining { get; set; }

        public bool Matches(string method, string path) =>
            (_method == "*" || _method.Equals(method, StringComparison.OrdinalIgnoreCase)) && _path.IsMatch(path);
    }
}
