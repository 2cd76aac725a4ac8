using System.Globalization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// How long extractions take, learnt from those this client has seen end, and the polls that follow from it. An extraction
/// carries no counters, so the only clue to when it ends is its age: the next poll comes when the chance that the job ends
/// in between, given that it had not ended at the last poll, reaches a threshold. Where the durations crowd (most
/// extractions end within a few seconds of each other) polls come close together; in the long tail they thin out up to
/// <see cref="PollDelayContext.MaxDelay"/>; never closer than <see cref="PollingSettings.InitialDelay"/>. The threshold is
/// chosen for each fitted distribution so that the mean detection delay it predicts is <see cref="TargetDelay"/>: the
/// same delay on any distribution, and for that delay about the fewest polls (a constant chance of the end came within
/// about 3 % of the requests of the optimal schedule at the same delay, computed by dynamic programming in a prototype
/// outside the repository, on the simulation's distributions).
/// </summary>
/// <remarks>
/// <para>The distribution is a mixture of two parts, in log time:</para>
/// <list type="bullet">
/// <item><description>The durations seen: the last <see cref="Capacity"/> recorded (<see cref="Record"/>), each smoothed by
/// a logistic kernel (a bandwidth by Silverman's rule on the log durations, at least <see cref="MinBandwidth"/>). The
/// logistic kernel has power-law tails, so a job that runs longer than every one seen is expected to run on for a while
/// and is polled less and less often, rather than ever more eagerly.</description></item>
/// <item><description>Typical durations, weighted as <see cref="TypicalWeight"/> jobs seen: a lognormal with a median of
/// <see cref="TypicalMedian"/> (8 s) and a spread σ of <see cref="TypicalSpread"/> (0.8) in log seconds, so 90 % between
/// about 2 s and 30 s. The API documents no distribution (its example job ran 9 s); these are the durations that the
/// first job generator of the polling simulation draws (<c>docs/performance.md</c>), so with nothing learnt yet the
/// polls are as good as the simulation's figures, and after a few dozen jobs what this client sees dominates.</description></item>
/// </list>
/// <para>The age of the job is the wait's elapsed time (<see cref="PollDelayContext.Elapsed"/>): exact for a wait that
/// started with the job (<c>ExtractAsync</c>); for a wait on a job started earlier it understates the age, which makes
/// polls come earlier (more requests, not later detection) while the job is young by this clock.</para>
/// <para>The distribution is tabulated on a grid of log durations and refitted (with its threshold) once
/// <c>1/</c><see cref="RefitShare"/> of the held durations are new (after every one while fewer than that many are held);
/// every member is thread-safe.</para>
/// </remarks>
internal sealed class DurationPrior
{
    /// <summary>How many of the latest durations are held.</summary>
    internal const int Capacity = 256;

    /// <summary>How many jobs seen the typical durations count as.</summary>
    internal const double TypicalWeight = 8;

    /// <summary>The spread (σ of the natural log of seconds) of the typical durations.</summary>
    internal const double TypicalSpread = 0.8;

    /// <summary>The mean detection delay the polls aim at, by the distribution as estimated: 1.55 s. The estimate runs above
    /// what is measured (the kernels' tails are heavier than the durations' and jitter is left out), so this gives about 1.3
    /// to 1.45 s in the polling simulation, against 1.5 s for a fixed 3 s poll; chosen on its first (lognormal) generator.</summary>
    internal static readonly TimeSpan TargetDelay = TimeSpan.FromSeconds(1.55);

    /// <summary>The least bandwidth of the kernels, in log seconds (a tenth of a duration, about).</summary>
    internal const double MinBandwidth = 0.1;

    /// <summary>The share of held durations that must be new before the distribution is refitted.</summary>
    internal const int RefitShare = 16;

    /// <summary>The median of the typical durations.</summary>
    internal static readonly TimeSpan TypicalMedian = TimeSpan.FromSeconds(8);

    private static readonly double[] ErfcCoefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

    // The grid: natural logs of seconds from about 80 ms to about 3 days.
    private const double GridStart = -2.5;
    private const double GridStep = 0.02;
    private const int GridPoints = 751;

    private readonly object _lock = new();
    private readonly double[] _logDurations = new double[Capacity];
    private readonly double _typicalLogMedian;
    private readonly double _typicalSpread;
    private int _count;
    private int _next;
    private long _recorded;
    private long _fittedAt = -1;
    private double[]? _survival;
    private (TimeSpan Floor, TimeSpan Max, double EndChance)? _endChance;

    /// <summary>Initializes a new instance of the <see cref="DurationPrior"/> class with the typical durations.</summary>
    public DurationPrior()
        : this(TypicalMedian, TypicalSpread)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DurationPrior"/> class.</summary>
    /// <param name="typicalMedian">The median of the typical durations.</param>
    /// <param name="typicalSpread">Their spread: σ of the natural log of seconds.</param>
    public DurationPrior(TimeSpan typicalMedian, double typicalSpread)
    {
        _typicalLogMedian = Math.Log(typicalMedian.TotalSeconds);
        _typicalSpread = typicalSpread;
    }

    /// <summary>Gets how many durations are held (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Records the duration of a job that ended; zero and negative durations are ignored.</summary>
    /// <param name="duration">How long the job ran.</param>
    public void Record(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var logSeconds = Math.Log(duration.TotalSeconds);
        lock (_lock)
        {
            _logDurations[_next] = logSeconds;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            _recorded++;
        }
    }

    /// <summary>Chooses the delay before the next poll of a job of age <see cref="PollDelayContext.Elapsed"/>.</summary>
    /// <param name="context">What the wait knows.</param>
    /// <returns>The delay, within [<see cref="PollingSettings.InitialDelay"/>, <see cref="PollDelayContext.MaxDelay"/>] after jitter.</returns>
    public PollDelay NextDelay(PollDelayContext context)
    {
        var polling = context.Polling;
        var (survival, seen, endChance) = Model(polling.InitialDelay, context.MaxDelay);
        var delay = Step(survival, context.Elapsed, endChance, polling.InitialDelay, context.MaxDelay);
        var reason = string.Format(CultureInfo.InvariantCulture, "duration prior: {0:0%} chance of the end by then ({1} durations seen)", endChance, seen);
        delay = Backoff.ApplyJitter(delay, polling.Jitter);
        delay = delay < polling.InitialDelay ? polling.InitialDelay : delay > context.MaxDelay ? context.MaxDelay : delay;
        return new PollDelay(delay, reason);
    }

    /// <summary>The chance that a job runs longer than <paramref name="age"/>, as the strategy estimates it now.</summary>
    internal double Survival(TimeSpan age) => Survival(Model(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)).Survival, age);

    /// <summary>The delay from <paramref name="age"/> until the chance that the job ended meanwhile reaches
    /// <paramref name="endChance"/>, within [<paramref name="floor"/>, <paramref name="max"/>], before jitter.</summary>
    private static TimeSpan Step(double[] survival, TimeSpan age, double endChance, TimeSpan floor, TimeSpan max)
    {
        var alive = Survival(survival, age);
        if (alive <= 1e-300 || At(survival, alive * (1 - endChance)) is not { } due)
        {
            return max;
        }

        var delay = due - age;
        return delay < floor ? floor : delay > max ? max : delay;
    }

    /// <summary>The mean detection delay in seconds of the polls that <paramref name="endChance"/> gives, by the estimated
    /// distribution: from a first poll at half the floor, the time between each job's end and the next poll.</summary>
    private static double ExpectedDelay(double[] survival, double endChance, TimeSpan floor, TimeSpan max)
    {
        const int Slices = 8;
        var at = TimeSpan.FromTicks(floor.Ticks / 2);
        var expected = 0.0;
        for (var polls = 0; polls < 5000; polls++)
        {
            var alive = Survival(survival, at);
            if (alive < 1e-5)
            {
                // What is left ends somewhere in the intervals to come, on average half of one late.
                return expected + (alive * max.TotalSeconds / 2);
            }

            var next = at + Step(survival, at, endChance, floor, max);
            var end = Survival(survival, next);
            var width = (next - at).TotalSeconds / Slices;
            for (var k = 0; k < Slices; k++)
            {
                var u = at + TimeSpan.FromSeconds((k + 0.5) * width);
                expected += (Survival(survival, u) - end) * width;
            }

            at = next;
        }

        return expected;
    }

    /// <summary>The chance to poll at that makes the expected mean detection delay <see cref="TargetDelay"/> (bisection:
    /// the delay grows with the chance).</summary>
    private static double EndChanceFor(double[] survival, TimeSpan floor, TimeSpan max)
    {
        double lo = 0.01, hi = 0.95;
        for (var i = 0; i < 20; i++)
        {
            var mid = (lo + hi) / 2;
            if (ExpectedDelay(survival, mid, floor, max) < TargetDelay.TotalSeconds)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    private static double Survival(double[] survival, TimeSpan age)
    {
        if (age <= TimeSpan.Zero)
        {
            return 1;
        }

        var position = (Math.Log(age.TotalSeconds) - GridStart) / GridStep;
        if (position <= 0)
        {
            return survival[0];
        }

        if (position >= GridPoints - 1)
        {
            return survival[GridPoints - 1];
        }

        var i = (int)position;
        var f = position - i;
        return survival[i] + ((survival[i + 1] - survival[i]) * f);
    }

    /// <summary>The age at which the chance of running on falls to <paramref name="target"/>; null beyond the grid.</summary>
    private static TimeSpan? At(double[] survival, double target)
    {
        if (survival[GridPoints - 1] > target)
        {
            return null;
        }

        // The first grid point at or below the target (the table falls monotonically).
        int lo = 0, hi = GridPoints - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (survival[mid] <= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var logSeconds = GridStart + (lo * GridStep);
        if (lo > 0 && survival[lo - 1] > survival[lo])
        {
            logSeconds -= GridStep * (target - survival[lo]) / (survival[lo - 1] - survival[lo]);
        }

        return TimeSpan.FromSeconds(Math.Exp(logSeconds));
    }

    private (double[] Survival, int Seen, double EndChance) Model(TimeSpan floor, TimeSpan max)
    {
        lock (_lock)
        {
            if (_survival is null || _recorded - _fittedAt >= Math.Max(1, _count / RefitShare))
            {
                _survival = Fit();
                _fittedAt = _recorded;
                _endChance = null;
            }

            if (_endChance is not { } cached || cached.Floor != floor || cached.Max != max)
            {
                cached = (floor, max, EndChanceFor(_survival, floor, max));
                _endChance = cached;
            }

            return (_survival, _count, cached.EndChance);
        }
    }

    /// <summary>Tabulates the chance of running longer than each grid duration (called under the lock).</summary>
    private double[] Fit()
    {
        var n = _count;
        var samples = new double[n];
        Array.Copy(_logDurations, samples, n);
        Array.Sort(samples);

        // Silverman's rule of thumb on the log durations; a logistic kernel with that standard deviation.
        var bandwidth = MinBandwidth;
        if (n >= 2)
        {
            var mean = samples.Average();
            var sd = Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (n - 1));
            var iqr = (samples[(3 * (n - 1)) / 4] - samples[(n - 1) / 4]) / 1.34;
            var spread = iqr > 0 ? Math.Min(sd, iqr) : sd;
            bandwidth = Math.Max(MinBandwidth, 0.9 * spread * Math.Pow(n, -0.2));
        }

        var scale = bandwidth * Math.Sqrt(3) / Math.PI;
        var survival = new double[GridPoints];
        for (var i = 0; i < GridPoints; i++)
        {
            var x = GridStart + (i * GridStep);
            var sum = TypicalWeight * NormalUpperTail((x - _typicalLogMedian) / _typicalSpread);
            foreach (var sample in samples)
            {
                sum += 1 / (1 + Math.Exp((x - sample) / scale));
            }

            survival[i] = sum / (TypicalWeight + n);
        }

        // Rounding must not make the table rise anywhere: the inverse search relies on it falling.
        for (var i = 1; i < GridPoints; i++)
        {
            survival[i] = Math.Min(survival[i], survival[i - 1]);
        }

        return survival;
    }

    /// <summary>P(Z &gt; z) for a standard normal Z (complementary error function of Numerical Recipes, relative error
    /// below 1.2e-7).</summary>
    private static double NormalUpperTail(double z)
    {
        var x = z / Math.Sqrt(2);
        var a = Math.Abs(x);
        var t = 1 / (1 + (0.5 * a));
        var poly = 0.0;
        for (var k = ErfcCoefficients.Length - 1; k >= 0; k--)
        {
            poly = ErfcCoefficients[k] + (t * poly);
        }

        var erfc = t * Math.Exp(-(a * a) + poly);
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
