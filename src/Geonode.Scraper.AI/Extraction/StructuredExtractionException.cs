using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.AI.Internal;

namespace Geonode.Scraper.AI;

/// <summary>The chat client's answer did not parse as the requested type, also after one corrective retry.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed class StructuredExtractionException : ScraperException
{
    /// <summary>Initializes a new instance of the <see cref="StructuredExtractionException"/> class.</summary>
    /// <param name="url">The page's URL.</param>
    /// <param name="rawText">The chat client's last answer, as it came.</param>
    /// <param name="innerException">Why it did not parse.</param>
    public StructuredExtractionException(string url, string rawText, Exception? innerException)
        : base($"The chat client's answer for {url} did not parse as the requested type, also after a corrective retry.", innerException)
    {
        Url = url;
        RawText = rawText;
    }

    /// <summary>Gets the URL of the page.</summary>
    public string Url { get; }

    /// <summary>Gets the chat client's last answer, as it came.</summary>
    public string RawText { get; }
}
