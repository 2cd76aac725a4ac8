namespace Geonode.Scraper.Internal;

/// <summary>
/// Marks the failures of a POST whose last attempt may have reached the server without its answer being read (the connection
/// broke after sending, the attempt timed out, or the body of an answer was unreadable): the job it starts may exist.
/// The mark travels in <see cref="Exception.Data"/>, because these failures surface as BCL exception types.
/// </summary>
internal static class UnknownOutcome
{
    private const string Key = "Geonode.Scraper.OutcomeUnknown";

    public static Exception Mark(Exception exception)
    {
        exception.Data[Key] = true;
        return exception;
    }

    /// <summary>Whether the POST that threw <paramref name="exception"/> may have started its job. An error answer
    /// (<see cref="ScraperApiException"/>) is a refusal, never marked.</summary>
    public static bool IsMarked(Exception exception) => exception.Data[Key] is true;
}
