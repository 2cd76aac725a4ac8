using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Where the work of a <see cref="JobLedgerEntry"/> stands.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public enum JobLedgerState
{
    /// <summary>Claimed by its owner; the request that starts the job has not been sent. The next owner may send it.</summary>
    Claimed,

    /// <summary>The request may have reached the server and its answer is not known yet: the job may exist. No one sends
    /// the request again; the next owner looks for the job on the API's job list instead.</summary>
    Sending,

    /// <summary>The job exists; <see cref="JobLedgerEntry.JobId"/> is its id.</summary>
    Started,

    /// <summary>The job reached a terminal status (<see cref="JobLedgerEntry.FinalStatus"/>).</summary>
    Finished,
}
