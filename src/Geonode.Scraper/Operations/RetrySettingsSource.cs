using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Where the settings of a re-run came from.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public enum RetrySettingsSource
{
    /// <summary>Nothing was started, so no settings were needed.</summary>
    None,

    /// <summary>The caller's <see cref="RetryFailedOptions.OriginalRequest"/>: exactly the original settings.</summary>
    OriginalRequest,

    /// <summary>The request recorded when the job was started: exactly the original settings.</summary>
    Recorded,

    /// <summary>The settings the job's status reports (<c>batch_config</c> / <c>crawl_config</c>), which leave some out.</summary>
    JobStatus,
}
