using Geonode.Scraper.PostgreSql.Tests.Support;

namespace Geonode.Scraper.PostgreSql.Tests;

/// <summary>
/// The test assembly run as a child process (<c>dotnet Geonode.Scraper.PostgreSql.Tests.dll &lt;role&gt; ...</c>), standing in
/// for a replica that a test kills with SIGKILL. The test host never calls this.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["hold-slot", var schema, var name, var limit, var leaseMs] => await ChildReplica.HoldSlotAsync(schema, name, int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(int.Parse(leaseMs, System.Globalization.CultureInfo.InvariantCulture))),
        ["start-batch", var schema, var emulator, var key, var urls] => await ChildReplica.StartBatchAsync(schema, new Uri(emulator), key, urls.Split(',')),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: hold-slot <schema> <name> <limit> <lease-ms> | start-batch <schema> <emulator-address> <idempotency-key> <url,url,...>");
        return 2;
    }
}
