namespace Geonode.Scraper;

/// <summary>A job's counters: units of work settled (completed, failed or cancelled) out of those known so far.</summary>
internal readonly record struct JobProgress(int Done, int Total);
