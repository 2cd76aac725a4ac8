using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Recognises a webhook event that was already received: the same event type for the same job. Deliveries are retried
/// (a receiver that answered too slowly, or whose answer was lost, gets the event again), and each attempt carries a new
/// <see cref="WebhookEvent.DeliveryId"/>, so the delivery id cannot recognise a repeat; the event type and the job id can.
/// </summary>
/// <remarks>
/// <para>The memory is bounded: at most <see cref="Capacity"/> events, each forgotten <see cref="TimeToLive"/> after it was
/// first seen (the oldest goes first when the capacity is reached). Safe to share between threads; one instance per
/// receiver, typically a singleton.</para>
/// <para>It remembers within one process only. An application on several machines receives each delivery on one of them,
/// so a repeat may reach another; there, de-duplicate in shared storage keyed the same way (event type and job id), or make
/// the handler idempotent. An event without a job id is never reported as a repeat.</para>
/// <para>If acting on an event fails after <see cref="IsDuplicate"/> recorded it, call <see cref="Remove"/> and answer with an
/// error status, so that the retry is acted on instead of being taken for a repeat.</para>
/// </remarks>
public sealed class WebhookEventDeduplicator
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byAge = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="WebhookEventDeduplicator"/> class that remembers up to 10,000
    /// events for 24 hours each, on the system clock.</summary>
    public WebhookEventDeduplicator()
        : this(10_000, TimeSpan.FromHours(24))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookEventDeduplicator"/> class.</summary>
    /// <param name="capacity">The most events remembered at once; the oldest is forgotten first.</param>
    /// <param name="timeToLive">How long an event is remembered after it was first seen. Make it longer than the service's
    /// retry period for one delivery.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1, or
    /// <paramref name="timeToLive"/> is not positive.</exception>
    public WebhookEventDeduplicator(int capacity, TimeSpan timeToLive, TimeProvider? timeProvider = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        }

        if (timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "The time to live must be positive.");
        }

        Capacity = capacity;
        TimeToLive = timeToLive;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the most events remembered at once.</summary>
    /// <value>The default is 10,000.</value>
    public int Capacity { get; }

    /// <summary>Gets how long an event is remembered after it was first seen.</summary>
    /// <value>The default is 24 hours.</value>
    public TimeSpan TimeToLive { get; }

    /// <summary>Gets the number of events remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                Expire(_timeProvider.GetUtcNow());
                return _entries.Count;
            }
        }
    }

    /// <summary>Records an event and tells whether the same event (event type and job id) was recorded before and is still
    /// remembered. Whatever the delivery id: a retried delivery has a new one.</summary>
    /// <param name="webhookEvent">A verified event.</param>
    /// <returns><see langword="true"/> when the event is a repeat: do not act on it again, but answer with a success status
    /// so that the service stops retrying. <see langword="false"/> the first time, and for an event without a job id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="webhookEvent"/> is <see langword="null"/>.</exception>
    public bool IsDuplicate(WebhookEvent webhookEvent)
    {
        Guard.NotNull(webhookEvent);
        if (Key(webhookEvent) is not { } key)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            Expire(now);
            if (_entries.ContainsKey(key))
            {
                return true;
            }

            if (_entries.Count >= Capacity)
            {
                var oldest = _byAge.First!;
                _byAge.RemoveFirst();
                _entries.Remove(oldest.Value.Key);
            }

            _entries.Add(key, _byAge.AddLast(new Entry(key, now + TimeToLive)));
            return false;
        }
    }

    /// <summary>Forgets an event, so that its next delivery is not taken for a repeat (for example after acting on it failed).</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <returns><see langword="true"/> when the event was remembered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="webhookEvent"/> is <see langword="null"/>.</exception>
    public bool Remove(WebhookEvent webhookEvent)
    {
        Guard.NotNull(webhookEvent);
        if (Key(webhookEvent) is not { } key)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return false;
            }

            _entries.Remove(key);
            _byAge.Remove(node);
            return true;
        }
    }

    private static string? Key(WebhookEvent webhookEvent) =>
        webhookEvent.JobId is { Length: > 0 } jobId
            ? webhookEvent.EventType.ToString().ToUpperInvariant() + "\n" + jobId
            : null;

    // Entries are appended in the order they were first seen and all live equally long, so the oldest expires first.
    private void Expire(DateTimeOffset now)
    {
        while (_byAge.First is { } oldest && oldest.Value.ExpiresAt <= now)
        {
            _byAge.RemoveFirst();
            _entries.Remove(oldest.Value.Key);
        }
    }

    private readonly record struct Entry(string Key, DateTimeOffset ExpiresAt);
}
