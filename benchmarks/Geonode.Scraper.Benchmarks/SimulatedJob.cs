namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// A job whose state is a function of time (seconds since it was started): <c>queued</c> until <see cref="QueuedUntil"/>,
/// then <c>processing</c> while its units of work settle, <c>completed</c> from <see cref="Finish"/> on. Units settle along a
/// piecewise-linear curve with an uneven rate. A crawl knows only its seed page at first; its total grows as links are found
/// (and never falls below what has settled plus the page in progress). An extraction has no counters. The status flips to
/// <c>completed</c> a moment after the last unit settles, as a server finalizes a job. Two generators:
/// <list type="bullet">
/// <item><description><c>lognormal</c> (<see cref="Batch"/>, <see cref="Crawl"/>, <see cref="Extract"/>): lognormal durations;
/// bursts, stalls and a trickle at the end; a crawl's total grows fast at first, then plateaus; the status flips up to 1 s
/// after the last unit; timestamps exact.</description></item>
/// <item><description><c>heavy-tail</c> (<see cref="HeavyBatch"/>, <see cref="HeavyCrawl"/>, <see cref="HeavyExtract"/>):
/// log-logistic durations (power-law tails: occasional jobs ten times the median), and for extractions 3 % that run very
/// long (Pareto); more and longer stalls and sharper bursts; in 20 % of batches and crawls the counters stand still near
/// the end for 2-10 s while the last few units hang, then settle at once; a crawl's total grows in a few jumps (listing
/// pages, sitemaps) while staying ahead of what has settled; the status flips up to 2 s after the last unit; timestamps in
/// whole seconds.</description></item>
/// </list>
/// </summary>
internal sealed class SimulatedJob
{
    private readonly double[] _at;
    private readonly double[] _settled;
    private readonly double _discoveredBy;
    private readonly double _discoveryShape;
    private readonly double[]? _stepAt;
    private readonly double[]? _stepFraction;
    private readonly double? _createdFraction;

    private SimulatedJob(
        JobKind kind, double finish, double queuedUntil, double lastSettle, int units, double[] at, double[] settled, double discoveredBy, double discoveryShape,
        double[]? stepAt = null, double[]? stepFraction = null, double? createdFraction = null)
    {
        _stepAt = stepAt;
        _stepFraction = stepFraction;
        _createdFraction = createdFraction;
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

    /// <summary>Gets a value indicating whether the counters stand still near the end while the last units hang (heavy-tail).</summary>
    public bool Hangs { get; private init; }

    /// <summary>Gets the final number of units (batch URLs, crawl pages; 1 for an extraction).</summary>
    public int Units { get; }

    /// <summary>Gets the job's <c>completed_at</c> in seconds after its <c>created_at</c>, as the API reports them: exact,
    /// or (heavy-tail) in whole seconds, both truncated, the job created at a random instant within its second.</summary>
    public double CompletedAt => _createdFraction is { } f ? Math.Floor(f + Finish) : Finish;

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

    /// <summary>A batch of the heavy-tail generator: 5 to 2,000 URLs (log-uniform), log-logistic duration with a median of
    /// 120 s (shape 2).</summary>
    public static SimulatedJob HeavyBatch(Random random) =>
        CreateHeavy(JobKind.Batch, random, units: LogUniform(random, 5, 2000), median: 120, shape: 2, min: 10);

    /// <summary>A crawl of the heavy-tail generator: 20 to 5,000 pages in the end (log-uniform), log-logistic duration with
    /// a median of 300 s (shape 2), pages found in 2 to 8 jumps over the first 10 % to 80 % of the processing time.</summary>
    public static SimulatedJob HeavyCrawl(Random random) =>
        CreateHeavy(JobKind.Crawl, random, units: LogUniform(random, 20, 5000), median: 300, shape: 2, min: 20);

    /// <summary>An extraction of the heavy-tail generator: log-logistic with a median of 6 s (shape 3), except 3 % that
    /// run very long: Pareto from 30 s (α 1.5).</summary>
    public static SimulatedJob HeavyExtract(Random random) =>
        random.NextDouble() < 0.03
            ? CreateHeavy(JobKind.Extract, random, units: 1, median: 0, shape: 0, min: 30, paretoFrom: 30, paretoAlpha: 1.5)
            : CreateHeavy(JobKind.Extract, random, units: 1, median: 6, shape: 3, min: 0.5);

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

    private static SimulatedJob CreateHeavy(JobKind kind, Random random, int units, double median, double shape, double min, double paretoFrom = 0, double paretoAlpha = 0)
    {
        // Log-logistic: P(longer than x) = 1 / (1 + (x / median)^shape), or Pareto: P(longer than x) = (from / x)^α;
        // kept within [min, 25 min].
        double finish;
        do
        {
            var u = random.NextDouble();
            finish = paretoFrom > 0 ? paretoFrom * Math.Pow(1 - u, -1 / paretoAlpha) : median * Math.Pow(u / (1 - u), 1 / shape);
        }
        while (finish < min || finish > 1500);

        var queuedUntil = Math.Min(0.2 + (4.8 * random.NextDouble()), 0.2 * finish);
        var lastSettle = kind == JobKind.Extract ? finish : finish - (2 * random.NextDouble());
        var processing = lastSettle - queuedUntil;

        // Counters standing still near the end: in 20 % of the jobs the last 1-5 % of the units (at least one) hang for
        // 2-10 s (at most a tenth of the processing time), then settle at once (a timeout, a retry) just before the status
        // flips. Nothing in the counters says when: every policy pays for it in requests or in delay.
        var hangFrom = lastSettle;
        var hanging = 0.0;
        if (kind != JobKind.Extract && random.NextDouble() < 0.2)
        {
            hangFrom = lastSettle - Math.Min(0.1 * processing, 2 + (8 * random.NextDouble()));
            hanging = Math.Max(1.0, Math.Round(units * (0.01 + (0.04 * random.NextDouble())))) / units;
        }

        // Uneven progress up to the hang: 3 to 30 stretches, each a stall (30 %, three times as long), a burst (20 %,
        // 5-15× the usual rate) or an ordinary rate (lognormal, σ 0.7); the last stretch always moves.
        var stretches = 3 + random.Next(28);
        var lengths = new double[stretches];
        var rates = new double[stretches];
        for (var i = 0; i < stretches; i++)
        {
            lengths[i] = -Math.Log(1 - random.NextDouble());
            var kindOfStretch = random.NextDouble();
            if (kindOfStretch < 0.3)
            {
                lengths[i] *= 3;
                rates[i] = 0;
            }
            else
            {
                rates[i] = kindOfStretch < 0.5 ? 5 + (10 * random.NextDouble()) : Math.Exp(0.7 * Normal(random));
            }
        }

        rates[^1] = Math.Max(rates[^1], 0.1);
        var extra = hanging > 0 ? 2 : 0;
        var at = new double[stretches + 1 + extra];
        var settled = new double[stretches + 1 + extra];
        var totalLength = lengths.Sum();
        var totalWork = lengths.Zip(rates, (l, r) => l * r).Sum();
        at[0] = queuedUntil;
        for (var i = 0; i < stretches; i++)
        {
            at[i + 1] = at[i] + ((hangFrom - queuedUntil) * lengths[i] / totalLength);
            settled[i + 1] = settled[i] + ((1 - hanging) * lengths[i] * rates[i] / totalWork);
        }

        at[stretches] = hangFrom;
        settled[stretches] = 1 - hanging;
        if (hanging > 0)
        {
            // Still until 50 ms before the last unit, then the hanging ones settle together.
            at[stretches + 1] = lastSettle - 0.05;
            settled[stretches + 1] = 1 - hanging;
            at[stretches + 2] = lastSettle;
            settled[stretches + 2] = 1;
        }

        // A crawl finds its pages in 2 to 8 jumps over the first 10-80 % of the processing time.
        double[]? stepAt = null;
        double[]? stepFraction = null;
        if (kind == JobKind.Crawl)
        {
            var steps = 2 + random.Next(7);
            var discoveredBy = queuedUntil + ((hangFrom - queuedUntil) * (0.1 + (0.7 * random.NextDouble())));
            stepAt = Enumerable.Range(0, steps).Select(_ => queuedUntil + ((discoveredBy - queuedUntil) * random.NextDouble())).Order().ToArray();
            stepFraction = Enumerable.Range(0, steps).Select(_ => random.NextDouble()).Order().ToArray();
            stepFraction[^1] = 1;
        }

        return new SimulatedJob(kind, finish, queuedUntil, lastSettle, units, at, settled, 0, 0, stepAt, stepFraction, createdFraction: random.NextDouble())
        {
            Hangs = hanging > 0,
        };
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

    /// <summary>The share of the final pages known at <paramref name="t"/>: 1 − (1 − x)^shape over the discovery phase, or
    /// (heavy-tail) the share of the last jump before <paramref name="t"/>, but always a tenth of the pages ahead of those
    /// settled (a crawler cannot settle pages it has not found).</summary>
    private double DiscoveredFraction(double t)
    {
        if (_stepAt is not null)
        {
            var known = 0.0;
            for (var i = 0; i < _stepAt.Length && _stepAt[i] <= t; i++)
            {
                known = _stepFraction![i];
            }

            return Math.Min(1, Math.Max(known, SettledFraction(t) + 0.1));
        }

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
