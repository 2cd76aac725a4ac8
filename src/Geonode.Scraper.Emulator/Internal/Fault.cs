using System.Globalization;

namespace Geonode.Scraper.Emulator.Internal;

internal enum FaultKind
{
    Status,
    Drop,
    DropAfter,
    Delay,
    Truncate,
    Html,
    JobStatus,
    Trickle,
    Empty,
    ContentType,
    Profile,
}

/// <summary>One injected fault; the fields a kind does not use keep their defaults.</summary>
internal sealed record Fault(FaultKind Kind)
{
    public int StatusCode { get; init; }

    /// <summary>The <c>Retry-After</c> header exactly as sent, or null for none.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>A <c>Date</c> header to send instead of the emulator's clock.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The raw body of a status fault (null for the API's error envelope).</summary>
    public string? Body { get; init; }

    /// <summary>The job status of a <see cref="FaultKind.JobStatus"/> fault, or the content type of a <see cref="FaultKind.ContentType"/> one.</summary>
    public string? Value { get; init; }

    public TimeSpan Delay { get; init; }

    public int ChunkBytes { get; init; }

    public EmulatorProfile Profile { get; init; }

    public static Fault Http(int statusCode, TimeSpan? retryAfter = null, string? body = null) => new(FaultKind.Status)
    {
        StatusCode = statusCode,
        RetryAfter = retryAfter is { } wait ? ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null,
        Body = body,
    };

    public string Describe() => Kind switch
    {
        FaultKind.Status => $"http:{StatusCode}",
        FaultKind.JobStatus => $"status:{Value}",
        FaultKind.DropAfter => "dropafter",
        FaultKind.Empty => $"empty:{StatusCode}",
        FaultKind.ContentType => $"content-type:{Value}",
        FaultKind.Profile => $"profile:{Profile}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A fault taken for one request: the fault, when its entry first fired, and how many times it has fired.</summary>
internal sealed record TakenFault(Fault Fault, DateTimeOffset FirstTakenAt, int Ordinal);
