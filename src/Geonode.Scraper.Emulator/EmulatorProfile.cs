namespace Geonode.Scraper.Emulator;

/// <summary>
/// Named misbehaviours that real scraping APIs have shown their SDKs. A job gets a profile from the host of its URL (the
/// first URL of a batch, the seed of a crawl; for example <c>https://a.vanish.test/</c>) or from
/// <see cref="EmulatorFaults.UseProfile"/> on the <c>POST</c> that starts it; on a <c>GET</c> of one job the profile shapes
/// the next matching answers instead. Profiles shape status reads of extraction, batch and crawl jobs.
/// </summary>
public enum EmulatorProfile
{
    /// <summary>The job answers 404 after <see cref="EmulatorOptions.VanishAfterReads"/> successful status reads and is gone
    /// from the lists (host <c>vanish.test</c>). On a <c>GET</c> route: the answer is the route's 404.</summary>
    JobVanishes,

    /// <summary>The counters and results stay constant for <see cref="EmulatorOptions.StaleViewTime"/> at a time although the
    /// work goes on, then jump (host <c>stall.test</c>). On a <c>GET</c> route: the matching answers all show the job as it
    /// was at the first of them.</summary>
    CountersStall,

    /// <summary>Every second status read, while the job runs, shows the job as it was <see cref="EmulatorOptions.StaleViewTime"/>
    /// earlier, so a later read reports fewer completed items than an earlier one (host <c>backwards.test</c>). On a
    /// <c>GET</c> route: the matching answers are that old.</summary>
    CountersBackwards,

    /// <summary>The job reports no work: counters and totals 0, no results, an extraction's <c>data</c> and <c>metadata</c>
    /// null, yet it ends <c>completed</c> (host <c>zero.test</c>). On a <c>GET</c> route: the answer says <c>completed</c>
    /// with zero results whatever the job's state.</summary>
    ZeroResults,

    /// <summary>Status reads 2 to <see cref="EmulatorOptions.StormLength"/> + 1 of the job answer 429 <c>RATE_LIMITED</c>
    /// with <c>Retry-After: 1</c>, more than a client's retry budget (host <c>storm.test</c>). On any route: the matching
    /// requests answer that 429.</summary>
    RateLimitStorm,

    /// <summary>Every status read of the job waits <see cref="EmulatorOptions.SlowStatusDelay"/> before it answers, longer
    /// than a client's timeout (host <c>slow-status.test</c>). On any route: the matching requests wait that long.</summary>
    SlowStatus,

    /// <summary>The job's terminal webhook event is delivered twice, each with its own <c>delivery_id</c> (host
    /// <c>duplicate.test</c>). Only meaningful on the <c>POST</c> that starts the job.</summary>
    DuplicateDeliveries,

    /// <summary>Each read of a batch or crawl result page shows the items in another order, so an item moves between
    /// pages from one read to the next (host <c>shuffle.test</c>). On a <c>GET</c> route: the matching answers are
    /// shuffled.</summary>
    ShuffledResults,

    /// <summary>The first status read after the job was seen <c>processing</c> says <c>queued</c> again, once (host
    /// <c>requeue.test</c>). On a <c>GET</c> route: the matching answers show the job as it was when created.</summary>
    StatusBackwards,
}
