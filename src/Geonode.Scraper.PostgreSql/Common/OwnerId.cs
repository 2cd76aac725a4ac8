namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>Names a replica in the tables it writes: machine, process id and a random part (a restarted process is a new
/// owner), as the core's job ledger does.</summary>
internal static class OwnerId
{
    public static string New()
    {
        string host;
        try
        {
            host = Environment.MachineName;
        }
        catch (InvalidOperationException)
        {
            host = "host";
        }

        return $"{host}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }
}
