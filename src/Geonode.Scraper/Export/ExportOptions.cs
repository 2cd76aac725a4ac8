using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>How an operation's results are exported (<see cref="BatchOperation.ExportAsync"/>, <see cref="CrawlOperation.ExportAsync"/>).</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class ExportOptions
{
    /// <summary>Gets or sets how the results are written.</summary>
    /// <value>The default value is <see cref="ExportFormat.Markdown"/>.</value>
    public ExportFormat Format { get; set; } = ExportFormat.Markdown;

    /// <summary>Gets or sets a value indicating whether a folder that holds another export (of another job, or another
    /// format) or other files may be written into: the files the earlier export wrote (those its manifest lists) are deleted
    /// and files of the same names are replaced. Without it such a folder is refused with
    /// <see cref="ExportFolderInUseException"/>, and nothing is deleted.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Overwrite { get; set; }

    /// <summary>Gets or sets how the running job is followed (polling, a token budget, a time limit).</summary>
    /// <value>The default value is <see langword="null"/>: the client's polling.</value>
    public JobWaitOptions? Wait { get; set; }
}
