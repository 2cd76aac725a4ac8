using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>The counts of an export so far, reported after every page or item.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record ExportProgress
{
    /// <summary>Gets the number of pages or items written by this run.</summary>
    public int Written { get; init; }

    /// <summary>Gets the number that an earlier run had already exported (or recorded as failed) and were skipped.</summary>
    public int AlreadyExported { get; init; }

    /// <summary>Gets the number of repeated deliveries of a page or item already handled in this run, skipped.</summary>
    public int Duplicates { get; init; }

    /// <summary>Gets the number that failed (on the server, or without Markdown to write), recorded by this run.</summary>
    public int Failed { get; init; }

    /// <summary>Gets the job's latest snapshot (a <see cref="CrawlJob"/> or <see cref="BatchJob"/>), with its status and
    /// counters; <see langword="null"/> before the first poll and in <see cref="ExportResult.Counts"/>.</summary>
    public IScraperJob? Job { get; init; }
}
