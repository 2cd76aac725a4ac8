using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>An export was refused because its folder holds something it did not write: another job's export (or the same
/// job's in another format), or other files. Nothing was deleted. Export into another folder, or set
/// <see cref="ExportOptions.Overwrite"/>.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ExportFolderInUseException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="ExportFolderInUseException"/> class.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="jobId">The job being exported.</param>
    /// <param name="existingJobId">The job whose export the folder holds; <see langword="null"/> when it holds other files.</param>
    /// <param name="message">What the folder holds and what to do.</param>
    public ExportFolderInUseException(string directory, string jobId, string? existingJobId, string message)
        : base(message)
    {
        Directory = directory;
        JobId = jobId;
        ExistingJobId = existingJobId;
    }

    /// <summary>Gets the full path of the folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the id of the job being exported.</summary>
    public string JobId { get; }

    /// <summary>Gets the id of the job whose export the folder holds; <see langword="null"/> when it holds other files.</summary>
    public string? ExistingJobId { get; }
}
