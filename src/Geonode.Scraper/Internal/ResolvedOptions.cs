using System.Net;
using System.Reflection;

namespace Geonode.Scraper.Internal;

/// <summary>An immutable, validated snapshot of <see cref="ScraperClientOptions"/> with environment fallbacks applied.</summary>
internal sealed class ResolvedOptions
{
    private static readonly string[] ParameterSuffix = [" (Parameter"];

    private ResolvedOptions(string apiKey, Uri baseAddress, string userAgent, ScraperClientOptions source)
    {
        ApiKey = apiKey;
        BaseAddress = baseAddress;
        UserAgent = userAgent;
        AttemptTimeout = source.AttemptTimeout;
        Retry = source.Retry;
        Polling = source.Polling;
    }

    public static string SdkVersion { get; } =
        typeof(ResolvedOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public string ApiKey { get; }

    public Uri BaseAddress { get; }

    public string UserAgent { get; }

    public TimeSpan AttemptTimeout { get; }

    public RetryOptions Retry { get; }

    public PollingOptions Polling { get; }

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

    /// <summary>Lists what is wrong with the options; empty when they are valid.</summary>
    public static List<string> Validate(ScraperClientOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add($"No API key: set ScraperClientOptions.ApiKey, the '{ScraperClientOptions.DefaultSectionName}:ApiKey' configuration value, or the {ScraperClientOptions.ApiKeyEnvironmentVariable} environment variable.");
        }
        else if (options.ApiKey!.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add("The API key contains white space or control characters.");
        }

        var address = options.BaseAddress ?? ScraperClientOptions.DefaultBaseAddress;
        if (!address.IsAbsoluteUri)
        {
            errors.Add("ScraperClientOptions.BaseAddress must be an absolute URI.");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && IsLoopback(address)))
        {
            errors.Add($"ScraperClientOptions.BaseAddress must use https (plain http is allowed only for loopback hosts); got '{address.Scheme}://{address.Authority}'.");
        }
        else if (!string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            errors.Add("ScraperClientOptions.BaseAddress cannot carry a query, fragment or user info.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero && options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add("ScraperClientOptions.AttemptTimeout must be greater than zero or infinite.");
        }

        if (options.Retry is null)
        {
            errors.Add("ScraperClientOptions.Retry cannot be null.");
        }
        else
        {
            options.Retry.Validate(errors);
        }

        if (options.Polling is null)
        {
            errors.Add("ScraperClientOptions.Polling cannot be null.");
        }
        else
        {
            try
            {
                options.Polling.Validate(nameof(ScraperClientOptions.Polling));
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message.Split(ParameterSuffix, StringSplitOptions.None)[0]);
            }
        }

        return errors;
    }

    /// <summary>Applies fallbacks, validates, and snapshots; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static ResolvedOptions Resolve(ScraperClientOptions source, string paramName)
    {
        Guard.NotNull(source, paramName);

        // A copy: the caller's options object is theirs, and stays as they set it.
        var options = new ScraperClientOptions
        {
            ApiKey = source.ApiKey,
            BaseAddress = source.BaseAddress,
            ApplicationId = source.ApplicationId,
            AttemptTimeout = source.AttemptTimeout,
            Retry = source.Retry,
            Polling = source.Polling,
        };
        ApplyEnvironmentFallbacks(options);
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }

        var address = options.BaseAddress ?? ScraperClientOptions.DefaultBaseAddress;
        if (!address.AbsolutePath.EndsWith("/", StringComparison.Ordinal))
        {
            address = new Uri(address.GetLeftPart(UriPartial.Path) + "/");
        }

        var userAgent = $"geonode-dotnet-sdk/{SdkVersion}";
        if (!string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            userAgent += " " + options.ApplicationId!.Trim();
        }

        return new ResolvedOptions(options.ApiKey!, address, userAgent, options);
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
