using System.Text.RegularExpressions;
using Geonode.Scraper.Emulator.Internal;

namespace Geonode.Scraper.Emulator;

/// <summary>
/// Faults the emulator injects on demand, each for the next N requests matching a route such as <c>GET /v1/extract/*</c>,
/// <c>POST /v1/batch</c> or <c>* /v1/crawl/*</c> (<c>*</c> matches one path segment, or any method). Entries are tried in
/// the order they were added; requests to <c>/_emulator</c> are never faulted. Every wait a fault adds is emulated time,
/// measured with <see cref="EmulatorOptions.TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private static readonly EmulatorFaultKind[] AllKinds = Enum.GetValues<EmulatorFaultKind>();
    private readonly object _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly TimeProvider _time;
    private RandomFaults? _random;

    internal EmulatorFaults(TimeProvider time) => _time = time;

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="statusCode">The status to answer with.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send in whole seconds (rounded up), if any.</param>
    /// <param name="body">The body; <see langword="null"/> for the API's error envelope.</param>
    public void FailNext(string route, int statusCode, int count = 1, TimeSpan? retryAfter = null, string? body = null) =>
        Add(route, count, Fault.Http(statusCode, retryAfter, body));

    /// <summary>Answers the next matching requests with <paramref name="statusCode"/> and a <c>Retry-After</c> header sent
    /// exactly as given (for example <c>0</c>, <c>-5</c>, <c>garbage</c> or an HTTP-date), optionally with a skewed
    /// <c>Date</c> header.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="statusCode">The status to answer with, typically 429 or 503.</param>
    /// <param name="retryAfter">The raw header value.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="date">The <c>Date</c> header to send; <see langword="null"/> for the emulator's clock.</param>
    public void FailNextWithRetryAfter(string route, int statusCode, string retryAfter, int count = 1, DateTimeOffset? date = null)
    {
        ArgumentNullException.ThrowIfNull(retryAfter);
        Add(route, count, new Fault(FaultKind.Status) { StatusCode = statusCode, RetryAfter = retryAfter, Date = date });
    }

    /// <summary>Drops the connection of the next <paramref name="count"/> matching requests without an answer.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="afterProcessing">Whether the request is processed first (a POST starts its job) before the drop.</param>
    public void DropNext(string route, int count = 1, bool afterProcessing = false) =>
        Add(route, count, new Fault(afterProcessing ? FaultKind.DropAfter : FaultKind.Drop));

    /// <summary>Delays the next <paramref name="count"/> matching requests.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="delay">The added latency (emulated time).</param>
    /// <param name="count">How many requests.</param>
    public void DelayNext(string route, TimeSpan delay, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Add(route, count, new Fault(FaultKind.Delay) { Delay = delay });
    }

    /// <summary>Answers the next matching requests with their real status and headers, then sends the body slowly:
    /// <paramref name="bytesPerChunk"/> bytes, a pause of <paramref name="interval"/>, and so on.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="bytesPerChunk">The bytes sent at a time.</param>
    /// <param name="interval">The pause between chunks (emulated time).</param>
    /// <param name="count">How many requests.</param>
    public void TrickleNext(string route, int bytesPerChunk, TimeSpan interval, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerChunk);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        Add(route, count, new Fault(FaultKind.Trickle) { ChunkBytes = bytesPerChunk, Delay = interval });
    }

    /// <summary>Answers the next matching requests with their real status but only the first half of the JSON body.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    public void TruncateNext(string route, int count = 1) => Add(route, count, new Fault(FaultKind.Truncate));

    /// <summary>Answers the next matching requests with 200 and an HTML page, as a captive portal or proxy would.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    public void HtmlNext(string route, int count = 1) => Add(route, count, new Fault(FaultKind.Html) { StatusCode = 200 });

    /// <summary>Answers the next matching requests with a success status and an empty body (no content type).</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="count">How many requests.</param>
    /// <param name="statusCode">The status, 200 by default.</param>
    public void EmptyNext(string route, int count = 1, int statusCode = 200) =>
        Add(route, count, new Fault(FaultKind.Empty) { StatusCode = statusCode });

    /// <summary>Answers the next matching requests with their real status and body but another content type.</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="contentType">The content type to send.</param>
    /// <param name="count">How many requests.</param>
    public void WrongContentTypeNext(string route, string contentType = "text/plain", int count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        Add(route, count, new Fault(FaultKind.ContentType) { Value = contentType });
    }

    /// <summary>Replaces the job status in the next matching answers with <paramref name="status"/> (for example an
    /// unknown string or the spelling <c>canceled</c>).</summary>
    /// <param name="route">The route pattern.</param>
    /// <param name="status">The status string to send.</param>
    /// <param name="count">How many requests.</param>
    public void StatusNext(string route, string status, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(status);
        Add(route, count, new Fault(FaultKind.JobStatus) { Value = status });
    }

    /// <summary>Applies a named profile to the next <paramref name="count"/> matching requests: on the <c>POST</c> that starts
    /// a job, the job gets the profile as if its URL were on the profile's host; on a <c>GET</c> of one job, the answers are
    /// shaped as <see cref="EmulatorProfile"/> describes.</summary>
    /// <param name="route">The route pattern, for example <c>POST /v1/batch</c> or <c>GET /v1/crawl/*</c>.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="count">How many requests.</param>
    public void UseProfile(string route, EmulatorProfile profile, int count = 1)
    {
        if (!Enum.IsDefined(profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown profile.");
        }

        Add(route, count, new Fault(FaultKind.Profile) { Profile = profile });
    }

    /// <summary>From now on, gives every request that no other fault matched a random fault with probability
    /// <paramref name="rate"/>, drawn from <paramref name="kinds"/> by a generator seeded with <paramref name="seed"/> (the
    /// same seed and the same order of requests give the same faults). <see cref="Clear"/> stops it.</summary>
    /// <param name="rate">The probability, from 0 to 1.</param>
    /// <param name="seed">The seed of the generator.</param>
    /// <param name="kinds">The faults to pick from; none for all of them.</param>
    public void Random(double rate, int seed, params EmulatorFaultKind[] kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Any(k => !Enum.IsDefined(k)))
        {
            throw new ArgumentOutOfRangeException(nameof(kinds), "Unknown fault kind.");
        }

        lock (_lock)
        {
            _random = new RandomFaults(rate, new System.Random(seed), kinds.Length == 0 ? AllKinds : [.. kinds.Distinct()]);
        }
    }

    /// <summary>Removes every pending fault and stops random faults.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _random = null;
        }
    }

    internal TakenFault? Take(string method, string path)
    {
        lock (_lock)
        {
            _entries.RemoveAll(e => e.Remaining <= 0);
            foreach (var entry in _entries)
            {
                if (entry.Matches(method, path))
                {
                    entry.Remaining--;
                    entry.Taken++;
                    entry.FirstTakenAt ??= _time.GetUtcNow();
                    return new TakenFault(entry.Fault, entry.FirstTakenAt.Value, entry.Taken);
                }
            }

            return _random?.Next(_time.GetUtcNow());
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

    private sealed class RandomFaults(double rate, System.Random random, EmulatorFaultKind[] kinds)
    {
        private int _taken;

        public TakenFault? Next(DateTimeOffset now)
        {
            if (random.NextDouble() >= rate)
            {
                return null;
            }

            var fault = kinds[random.Next(kinds.Length)] switch
            {
                EmulatorFaultKind.ServiceUnavailable => Fault.Http(503, TimeSpan.FromSeconds(1)),
                EmulatorFaultKind.TooManyRequests => Fault.Http(429, TimeSpan.FromSeconds(1)),
                EmulatorFaultKind.DropBeforeProcessing => new Fault(FaultKind.Drop),
                EmulatorFaultKind.DropAfterProcessing => new Fault(FaultKind.DropAfter),
                EmulatorFaultKind.Delay => new Fault(FaultKind.Delay) { Delay = TimeSpan.FromSeconds(1) },
                EmulatorFaultKind.Truncate => new Fault(FaultKind.Truncate),
                EmulatorFaultKind.Html => new Fault(FaultKind.Html) { StatusCode = 200 },
                EmulatorFaultKind.EmptyBody => new Fault(FaultKind.Empty) { StatusCode = 200 },
                EmulatorFaultKind.WrongContentType => new Fault(FaultKind.ContentType) { Value = "text/plain" },
                _ => new Fault(FaultKind.Trickle) { ChunkBytes = 16, Delay = TimeSpan.FromMilliseconds(50) },
            };
            return new TakenFault(fault, now, ++_taken);
        }
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

        public int Taken { get; set; }

        public DateTimeOffset? FirstTakenAt { get; set; }

        public bool Matches(string method, string path) =>
            (_method == "*" || _method.Equals(method, StringComparison.OrdinalIgnoreCase)) && _path.IsMatch(path);
    }
}
