using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Geonode.Scraper.Internal;

/// <summary>Argument checks that run before any request, on every target framework.</summary>
internal static class Guard
{
    public static void NotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    public static void NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The value cannot be empty or white space.", paramName);
        }
    }

    public static bool IsAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    public static void JobId([NotNull] string? jobId, [CallerArgumentExpression(nameof(jobId))] string? paramName = null)
    {
        NotNullOrWhiteSpace(jobId, paramName);
        if (jobId.Length > 200)
        {
            throw new ArgumentException("The job id is longer than 200 characters.", paramName);
        }

        // "." and ".." survive escaping and would climb the path to another endpoint.
        if (jobId.Trim('.').Length == 0)
        {
            throw new ArgumentException("The job id cannot consist of dots only.", paramName);
        }

        // GET /v1/{kind}/jobs is the list endpoint: an id spelled like it would read the list instead of a job.
        if (jobId.Equals("jobs", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'jobs' names the list endpoint, not a job; pass a job id.", paramName);
        }
    }
}
