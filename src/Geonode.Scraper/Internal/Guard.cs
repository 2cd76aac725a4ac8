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

    public static void InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"The value must be between {min} and {max}.");
        }
    }

    public static void Positive(TimeSpan value, bool allowInfinite, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (allowInfinite && value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must be greater than zero.");
        }
    }

    public static void NonNegative(TimeSpan value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value cannot be negative.");
        }
    }

    /// <summary>Checks that <paramref name="value"/> is an absolute http or https URL.</summary>
    public static void AbsoluteHttpUrl([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        NotNullOrWhiteSpace(value, paramName);
        if (!IsAbsoluteHttpUrl(value))
        {
            throw new ArgumentException($"'{Truncate(value)}' is not an absolute http or https URL.", paramName);
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
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value.Substring(0, 200) + "…";
}
