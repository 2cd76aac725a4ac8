using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Geonode.Scraper.Internal;

/// <summary>
/// The SDK's traces and metrics, both named <c>Geonode.Scraper</c>: a span per HTTP request and per wait, counters of
/// requests, retries and polls, and a histogram of the time jobs take to reach a terminal status. Tags carry methods, paths,
/// statuses and job ids, never the API key or page content.
/// </summary>
internal static class Telemetry
{
    public const string Name = "Geonode.Scraper";

    public static readonly ActivitySource Source = new(Name, SdkInfo.Version);

    private static readonly Meter Meter = new(Name, SdkInfo.Version);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("geonode.scraper.requests", "{request}", "HTTP requests sent to the API, by method and status.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("geonode.scraper.retries", "{retry}", "HTTP requests sent again after a transient failure.");

    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("geonode.scraper.polls", "{poll}", "Job status polls made while waiting.");

    public static readonly Histogram<double> JobWait = Meter.CreateHistogram<double>("geonode.scraper.job.wait", "s", "Time from the start of a wait to the job's terminal status.");
}
