using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Where the settings of a re-run came from.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public enum RerunSettingsSource
{
    /// <summary>Nothing was started, so no settings were needed.</summary>
    None,

    /// <summary>The caller's <see cref="RerunOptions.OriginalRequest"/>: exactly the original settings.</summary>
    OriginalRequest,

    /// <summary>The request the job ledger recorded when the job was started: exactly the original settings, but for the
    /// headers for target sites, which the ledger never keeps (they come from the job's status).</summary>
    Recorded,

    /// <summary>The settings the job's status reports (<c>batch_config</c> / <c>crawl_config</c>), which leave some out.</summary>
    JobStatus,
}
