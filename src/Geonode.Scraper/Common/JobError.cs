namespace Geonode.Scraper;

/// <summary>Why a job failed, as the server reports it inside the job (<c>error</c>).</summary>
public sealed record JobError
{
    /// <summary>Gets the machine-readable error code, for example <c>RATE_LIMITED</c>.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the human-readable error message.</summary>
    public string? Message { get; init; }

    /// <summary>Gets a value indicating whether the server says that trying again may succeed.</summary>
    public bool? Retryable { get; init; }

    /// <summary>Gets extra details about the failure.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
