using System.Net;

namespace Geonode.Scraper.Internal;

/// <summary>An immutable, validated snapshot of <see cref="ScraperClientOptions"/> with environment fallbacks applied.
/// The caller's options object (and its <see cref="RetryOptions"/> and <see cref="PollingOptions"/>) is copied, so
/// changing it later changes nothing.</summary>
internal sealed class ResolvedOptions
{
    private ResolvedOptions(string apiKey, Uri baseAddress, string userAgent, ScraperClientOptions source)
    {
        Connection = new ConnectionSettings(apiKey, baseAddress, userAgent, source.AttemptTimeout, source.MaxConnectionsPerServer, RetrySettings.From(source.Retry));
        Polling = PollingSettings.From(source.Polling);
        JobLedger = source.JobLedger;
        JobLedgerLeaseDuration = source.JobLedgerLeaseDuration;
    }

    /// <summary>Gets what the connection needs: the key, the address, the agent, the attempt timeout and the retries.</summary>
    public ConnectionSettings Connection { get; }

    public string ApiKey => Connection.ApiKey;

    public PollingSettings Polling { get; }

    public IJobLedger? JobLedger { get; }

    public TimeSpan JobLedgerLeaseDuration { get; }

    /// <summary>Fills unset values from the environment. Runs for both the DI and the plain constructor paths.</summary>
    public static void ApplyEnvironmentFallbacks(ScraperClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            var key = Environment.GetEnvironmentVariable(ScraperClientOptions.ApiKeyEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(key))
            {
                options.ApiKey = key.Trim();
            }
        }

        if (options.BaseAddress is null)
        {
            var url = Environment.GetEnvironmentVariable(ScraperClientOptions.BaseAddressEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            {
                options.BaseAddress = uri;
            }
        }
    }

    /// <summary>Copies, applies fallbacks, validates and snapshots; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static ResolvedOptions Resolve(ScraperClientOptions source, string paramName)
    {
        Guard.NotNull(source, paramName);
        var options = Copy(source);
        ApplyEnvironmentFallbacks(options);
        var errors = ScraperClientOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }

        var address = options.BaseAddress ?? ScraperClientOptions.DefaultBaseAddress;
        if (!address.AbsolutePath.EndsWith("/", StringComparison.Ordinal))
        {
            address = new Uri(address.GetLeftPart(UriPartial.Path) + "/");
        }

        var userAgent = $"geonode-dotnet-sdk/{SdkInfo.Version}";
        if (!string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            userAgent += " " + options.ApplicationId!.Trim();
        }

        return new ResolvedOptions(options.ApiKey!, address, userAgent, options);
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static ScraperClientOptions Copy(ScraperClientOptions source) => new()
    {
        ApiKey = source.ApiKey,
        BaseAddress = source.BaseAddress,
        ApplicationId = source.ApplicationId,
        AttemptTimeout = source.AttemptTimeout,
        MaxConnectionsPerServer = source.MaxConnectionsPerServer,
        Retry = source.Retry,
        Polling = source.Polling,
        JobLedger = source.JobLedger,
        JobLedgerLeaseDuration = source.JobLedgerLeaseDuration,
    };
}
