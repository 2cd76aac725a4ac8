namespace Geonode.Scraper;

/// <summary>The base class of every exception the SDK throws for an API error, an unreadable response or a job outcome.</summary>
public class ScraperException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ScraperException"/> class.</summary>
    public ScraperException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ScraperException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScraperException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ScraperException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
