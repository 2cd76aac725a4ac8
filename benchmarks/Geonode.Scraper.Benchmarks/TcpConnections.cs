using System.Globalization;

namespace Geonode.Scraper.Benchmarks;

/// <summary>
/// Counts this process's established TCP connections to a port, the way the kernel sees them (Linux only): the socket
/// inodes this process holds (<c>/proc/self/fd</c> links <c>socket:[inode]</c>) matched against the rows of
/// <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c> in state 01 (ESTABLISHED) whose remote port is the given one. Counting
/// only this process's sockets keeps out the server's side of the same loopback connections and anyone else's.
/// </summary>
internal static class TcpConnections
{
    public static bool Supported => File.Exists("/proc/net/tcp") && Directory.Exists("/proc/self/fd");

    public static int CountEstablished(int remotePort)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed between listing and reading
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var count = 0;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "01" && PortOf(fields[2]) == remotePort && inodes.Contains(fields[9]))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static int PortOf(string address) => int.Parse(address.AsSpan(address.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
