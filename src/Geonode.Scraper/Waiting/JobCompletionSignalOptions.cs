using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How waits poll while an <see cref="IJobCompletionSignal"/> wakes them when a job completes.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class JobCompletionSignalOptions
{
    /// <summary>The shortest fallback interval allowed.</summary>
    public static readonly TimeSpan MinFallbackPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest fallback interval allowed: a failed or cancelled job (no webhook is sent for those) is seen at
    /// most this long after it ended.</summary>
    public static readonly TimeSpan MaxFallbackPollInterval = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how often a wait polls while it relies on the signal, between
    /// <see cref="MinFallbackPollInterval"/> and <see cref="MaxFallbackPollInterval"/> (jittered by
    /// <see cref="PollingOptions.Jitter"/>). The wait's deadline and its final poll apply as always.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
