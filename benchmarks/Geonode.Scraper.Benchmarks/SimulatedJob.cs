namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// A job whose state is a function of time (seconds since it was started): <c>queued</c> until <see cref="QueuedUntil"/>,
/// then <c>processing</c> while its units of work settle, <c>completed</c> from <see cref="Finish"/> on. Units settle along a
/// piecewise-linear curve with an uneven rate: bursts, stalls, and a trickle at the end. A crawl knows only its seed page at
/// first; its total grows as links are found, faster at first, then plateaus (and never falls below what has settled plus
/// the page in progress). An extraction has no counters. The status flips to <c>completed</c> a moment (up to 1 s) after the
/// last unit settles, as a server finalizes a job.
/// </summary>
internal sealed class SimulatedJob
{
    private readonly double[] _at;
    private readonly double[] _settled;
    private readonly double _discoveredBy;
    private readonly double _discoveryShape;

    private SimulatedJob(JobKind kind, double finish, double queuedUntil, double lastSettle, int units, double[] at, double[] settled, double discoveredBy, double discoveryShape)
    {
        Kind = kind;
        Finish = finish;
        QueuedUntil = queuedUntil;
        LastSettle = lastSettle;
        Units = units;
        _at = at;
        _settled = settled;
        _discoveredBy = discoveredBy;
        _discoveryShape = discoveryShape;
    }

    public JobKind Kind { get; }

    /// <summary>Gets when the status becomes terminal: the true finish that detection delay is measured from.</summary>
    public double Finish { get; }

    public double QueuedUntil { get; }

    /// <summary>Gets when the last unit of work settles.</summary>
    public double LastSettle { get; }

    /// <summary>Gets the final number of units (batch URLs, crawl pages; 1 for an extraction).</summary>
    public int Units { get; }

    /// <summary>A batch: 10 to 1,000 URLs (log-uniform), lognormal duration with a median of 150 s (σ 0.8).</summary>
    public static SimulatedJob Batch(Random random) =>
        Create(JobKind.Batch, random, units: LogUniform(random, 10, 1000), median: 150, sigma: 0.8, min: 15);

    /// <summary>A crawl: 30 to 3,000 pages in the end (log-uniform), lognormal duration with a median of 360 s (σ 0.8),
    /// pages discovered over the first 15 % to 70 % of the processing time.</summary>
    public static SimulatedJob Crawl(Random random) =>
        Create(JobKind.Crawl, random, units: LogUniform(random, 30, 3000), median: 360, sigma: 0.8, min: 30);

    /// <summary>An extraction: one page, lognormal duration with a median of 8 s (σ 0.8).</summary>
    public static SimulatedJob Extract(Random random) =>
        Create(JobKind.Extract, random, units: 1, median: 8, sigma: 0.8, min: 1);

    public JobStatus StatusAt(double t) => t >= Finish ? JobStatus.Completed : t >= QueuedUntil ? JobStatus.Processing : JobStatus.Queued;

    /// <summary>Returns the counters a status poll at <paramref name="t"/> reads: units settled, units known.</summary>
    public (int Done, int Total) CountersAt(double t)
    {
        if (t >= LastSettle)
        {
            return (Units, Units);
        }

        var done = Math.Min(Units - 1, (int)(Units * SettledFraction(t)));
        if (Kind != JobKind.Crawl)
        {
            return (done, Units);
        }

        var discovered = 1 + (int)((Units - 1) * DiscoveredFraction(t));
        return (done, Math.Min(Units, Math.Max(discovered, done + 1)));
    }

    private static SimulatedJob Create(JobKind kind, Random random, int units, double median, double sigma, double min)
    {
        // Lognormal, kept within [min, 25 min] so that no wait meets the default 30-minute timeout.
        double finish;
        do
        {
            finish = median * Math.Exp(sigma * Normal(random));
        }
        while (finish < min || finish > 1500);

        var queuedUntil = Math.Min(0.2 + (2.8 * random.NextDouble()), 0.2 * finish);
        var lastSettle = kind == JobKind.Extract ? finish : finish - random.NextDouble();

        // Uneven progress: 4 to 20 stretches of random length, each a stall (20 %), a burst (15 %, 3-6× the usual rate) or
        // an ordinary rate; the last stretch always moves (stragglers trickle in), so the curve reaches 1 at lastSettle.
        var stretches = 4 + random.Next(17);
        var lengths = new double[stretches];
        var rates = new double[stretches];
        for (var i = 0; i < stretches; i++)
        {
            lengths[i] = -Math.Log(1 - random.NextDouble());
            var kindOfStretch = random.NextDouble();
            rates[i] = kindOfStretch < 0.2 ? 0 : kindOfStretch < 0.35 ? 3 + (3 * random.NextDouble()) : Math.Exp(0.4 * Normal(random));
        }

        rates[^1] = Math.Max(rates[^1], 0.1);
        var at = new double[stretches + 1];
        var settled = new double[stretches + 1];
        var totalLength = lengths.Sum();
        var totalWork = lengths.Zip(rates, (l, r) => l * r).Sum();
        at[0] = queuedUntil;
        for (var i = 0; i < stretches; i++)
        {
            at[i + 1] = at[i] + ((lastSettle - queuedUntil) * lengths[i] / totalLength);
            settled[i + 1] = settled[i] + (lengths[i] * rates[i] / totalWork);
        }

        at[^1] = lastSettle;
        settled[^1] = 1;
        var discoveredBy = queuedUntil + ((lastSettle - queuedUntil) * (0.15 + (0.55 * random.NextDouble())));
        var discoveryShape = 1.5 + (2.5 * random.NextDouble());
        return new SimulatedJob(kind, finish, queuedUntil, lastSettle, units, at, settled, discoveredBy, discoveryShape);
    }

    private double SettledFraction(double t)
    {
        if (t <= _at[0])
        {
            return 0;
        }

        var i = Array.BinarySearch(_at, t);
        if (i >= 0)
        {
            return _settled[i];
        }

        i = ~i;
        return _settled[i - 1] + ((_settled[i] - _settled[i - 1]) * (t - _at[i - 1]) / (_at[i] - _at[i - 1]));
    }

    /// <summary>The share of the final pages known at <paramref name="t"/>: 1 − (1 − x)^shape over the discovery phase.</summary>
    private double DiscoveredFraction(double t)
    {
        if (t <= QueuedUntil)
        {
            return 0;
        }

        var x = Math.Min(1, (t - QueuedUntil) / (_discoveredBy - QueuedUntil));
        return 1 - Math.Pow(1 - x, _discoveryShape);
    }

    private static int LogUniform(Random random, int min, int max) => (int)Math.Round(min * Math.Pow((double)max / min, random.NextDouble()));

    /// <summary>A standard normal sample (Box-Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
