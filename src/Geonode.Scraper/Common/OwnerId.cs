namespace Geonode.Scraper.Internal;

/// <summary>
/// Names one process in a shared store: machine, process id and a random part, so a restarted process is a new owner. The
/// core's <see cref="LeaseKeeper"/> owns its ledger claims under it, and (linked into Geonode.Scraper.PostgreSql) each
/// replica's coordination store writes it into the tables it shares.
/// </summary>
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

#if NET5_0_OR_GREATER
        var pid = Environment.ProcessId;
#else
        var pid = System.Diagnostics.Process.GetCurrentProcess().Id;
#endif
        return $"{host}/{pid}/{Guid.NewGuid().ToString("N").Substring(0, 8)}";
    }
}
