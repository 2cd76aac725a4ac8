namespace Geonode.Scraper.Internal;

/// <summary>Paths of job and webhook resources: the id checked (<see cref="Guard.JobId"/>) and escaped into the path, so that
/// no id can reach another endpoint.</summary>
internal static class JobPaths
{
    public static string Of(string prefix, string id, string paramName)
    {
        Guard.JobId(id, paramName);
        return prefix + Uri.EscapeDataString(id);
    }
}
