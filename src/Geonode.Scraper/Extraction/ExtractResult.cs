namespace Geonode.Scraper;

/// <summary>The content of one extracted page, whichever processing mode produced it.</summary>
public sealed record ExtractResult
{
    /// <summary>Gets the extracted content.</summary>
    public required PageContent Data { get; init; }

    /// <summary>Gets how the extraction was performed.</summary>
    public ExtractMetadata? Metadata { get; init; }

    /// <summary>Gets the requests charged for the extraction.</summary>
    public int? TokensCharged { get; init; }

    /// <summary>Gets the id of the job that produced the content (asynchronous mode), or <see langword="null"/>.</summary>
    /// <remarks>Inferred: whether a synchronous answer carries a <c>job_id</c> is not documented (the example has none);
    /// the SDK reads one if it is there.</remarks>
    public string? JobId { get; init; }
}
