using System.Diagnostics;
using Npgsql;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>
/// The PostgreSQL the tests use: <see cref="DefaultConnectionString"/> (what <c>eng/postgres-up.sh</c> prepares), or
/// <c>GEONODE_POSTGRES_CONNECTION_STRING</c>. Probed once per process, at discovery: when it cannot be reached, the script is
/// run (it starts the local cluster where it can) and the probe tried again.
/// </summary>
internal static class PostgresDatabase
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=geonode;Password=geonode;Database=geonode_scraper";

    public const string ConnectionStringVariable = "GEONODE_POSTGRES_CONNECTION_STRING";

    /// <summary>Set to 1 (as .ci/run does), an unreachable PostgreSQL fails the tests instead of skipping them.</summary>
    public const string RequireVariable = "GEONODE_REQUIRE_POSTGRES";

    private static readonly Lazy<string?> Unreachable = new(Probe);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Gets why PostgreSQL cannot be reached, or <see langword="null"/> when it can.</summary>
    public static string? UnreachableReason => Unreachable.Value;

    /// <summary>Gets why the tests are skipped: PostgreSQL is unreachable and not required.</summary>
    public static string? SkipReason => Required || UnreachableReason is not { } reason
        ? null
        : $"PostgreSQL is not reachable ({reason}). To run these tests: bash eng/postgres-up.sh";

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
        {
            dir = dir.Parent ?? throw new InvalidOperationException("Geonode.Scraper.sln not found");
        }

        return dir.FullName;
    }

    private static string? Probe()
    {
        if (TryConnect() is not { } first)
        {
            return null;
        }

        var script = RunPostgresUp();
        return TryConnect() is { } second ? $"{second}; eng/postgres-up.sh: {script}" : null;
    }

    private static string? TryConnect()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The message names the server and the failure, never the password.
            return ex.Message;
        }
    }

    private static string RunPostgresUp()
    {
        try
        {
            var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "eng", "postgres-up.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                return "did not finish in 5 minutes";
            }

            var lines = (output.Result + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return $"exit code {process.ExitCode}: {(lines.Length == 0 ? "no output" : lines[^1])}";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return ex.Message;
        }
    }
}
