using System.Text.Json.Serialization;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// The status of a job, a batch item or a crawl page, as the server reports it.
/// </summary>
/// <remarks>
/// This is an extensible enumeration: the known values are exposed as static properties, and any other string the
/// server sends is kept as it is (and is not terminal), so a new server status never breaks your code.
/// The spelling <c>"canceled"</c> reads as <see cref="Cancelled"/>. Comparison ignores case.
/// </remarks>
[JsonConverter(typeof(JobStatusConverter))]
public readonly struct JobStatus : IEquatable<JobStatus>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="JobStatus"/> struct from its wire value.</summary>
    /// <param name="value">The status string sent by the server.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public JobStatus(string value)
    {
        Guard.NotNull(value);
        _value = Normalize(value);
    }

    /// <summary>Gets the status of a job that waits to be scheduled (<c>queued</c>).</summary>
    public static JobStatus Queued { get; } = new("queued");

    /// <summary>Gets the status of a job or item that has not started yet (<c>pending</c>).</summary>
    public static JobStatus Pending { get; } = new("pending");

    /// <summary>Gets the status of a job that is running (<c>processing</c>).</summary>
    public static JobStatus Processing { get; } = new("processing");

    /// <summary>Gets the terminal status of a job that finished successfully (<c>completed</c>).</summary>
    public static JobStatus Completed { get; } = new("completed");

    /// <summary>Gets the terminal status of a job that failed (<c>failed</c>).</summary>
    public static JobStatus Failed { get; } = new("failed");

    /// <summary>Gets the terminal status of a job that was cancelled (<c>cancelled</c>, also read from <c>canceled</c>).</summary>
    public static JobStatus Cancelled { get; } = new("cancelled");

    /// <summary>Gets a value indicating whether the status is terminal: completed, failed or cancelled.</summary>
    public bool IsTerminal => Equals(Completed) || Equals(Failed) || Equals(Cancelled);

    /// <summary>Compares two statuses for equality, ignoring case.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when both have the same wire value.</returns>
    public static bool operator ==(JobStatus left, JobStatus right) => left.Equals(right);

    /// <summary>Compares two statuses for inequality, ignoring case.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(JobStatus left, JobStatus right) => !left.Equals(right);

    /// <summary>Converts a wire value to a <see cref="JobStatus"/>.</summary>
    /// <param name="value">The status string.</param>
    public static implicit operator JobStatus(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(JobStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JobStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire value of the status.</summary>
    /// <returns>The status string, for example <c>completed</c>.</returns>
    public override string ToString() => _value ?? string.Empty;

    private static string Normalize(string value) =>
        string.Equals(value, "canceled", StringComparison.OrdinalIgnoreCase) ? "cancelled" : value;

    /// <summary>Reads and writes a <see cref="JobStatus"/> as its JSON string; named by the type's <see cref="JsonConverterAttribute"/>.</summary>
    public sealed class JobStatusConverter : StringValueConverter<JobStatus>
    {
        /// <summary>Initializes a new instance of the <see cref="JobStatusConverter"/> class.</summary>
        public JobStatusConverter()
            : base(static v => new JobStatus(v))
        {
        }
    }
}
