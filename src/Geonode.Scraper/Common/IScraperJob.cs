namespace Geonode.Scraper;

/// <summary>A snapshot of a job (extraction, batch or crawl) as one status poll returned it.</summary>
public interface IScraperJob
{
    /// <summary>Gets the job id.</summary>
    string JobId { get; }

    /// <summary>Gets the job status at the time of the snapshot.</summary>
    JobStatus Status { get; }
}
