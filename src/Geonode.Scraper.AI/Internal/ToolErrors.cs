using System.Globalization;
using System.Net;

namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// Turns what went wrong into a short sentence a model can act on: what failed and whether trying again helps. Only fields
/// the SDK has already parsed and bounded are quoted (the server's error code and message, validation messages), each
/// clipped; never an exception's own message, a response body, a stack trace, a header or the key.
/// </summary>
internal sealed class ToolErrors(string jobToolName)
{
    private const int QuoteLength = 200;

    public string Describe(string tool, Exception exception) => exception switch
    {
        ToolArgumentException ex => $"Error: {ex.Message} Fix the arguments and call {tool} again.",
        ArgumentException => $"Error: the arguments of {tool} were rejected before anything was sent. Check them against the tool's description and call again.",
        ScraperAuthenticationException => "Error: the scraper service rejected this application's API key. Retrying will not help; tell the user that the Geonode API key needs to be checked.",
        ScraperInsufficientBalanceException => "Error: the Geonode account has no balance left for this request. Retrying will not help; tell the user to top up the account.",
        ScraperRateLimitException ex => $"Error: the scraper service is rate-limiting this account. Wait {Seconds(ex.RetryAfter ?? TimeSpan.FromSeconds(30))} and try again, or make fewer calls at once.",
        ScraperNotFoundException => $"Error: no such job for this account. Check the job id (use one that a tool returned) and call {jobToolName} again.",
        ScraperValidationException ex => $"Error: the scraper service rejected the request{Reasons(ex)}. Change the arguments; the same call will fail again.",
        ExtractionFailedException ex => $"Error: the page could not be extracted{Server(ex.ErrorCode, ex.ServerMessage)}. Retrying the same URL is unlikely to help{(tool == ScraperAIFunctions.ScrapeUrlToolName ? "; try render_js=true if the page needs JavaScript, or another source" : string.Empty)}.",
        JobFailedException ex => $"Error: job {ex.JobId} failed{Server(ex.Error?.Code, ex.Error?.Message)}. {(ex.Error?.Retryable == true ? "The service says retrying may help." : "Retrying is unlikely to help.")}",
        JobCancelledException ex => $"Error: job {ex.JobId} was cancelled (by the user or the service). Start a new one only if the user still wants it.",
        JobTimeoutException ex => $"Job {ex.JobId} is still running after {Seconds(ex.Elapsed)}; it was not cancelled. Call {jobToolName} with job_id \"{ex.JobId}\" later to read its results.",
        ScraperApiException { StatusCode: HttpStatusCode.RequestTimeout } => "Error: the scraper service timed out on this request. Retry once with a narrower request (a search term, fewer pages), or use another tool.",
        ScraperApiException ex when (int)ex.StatusCode >= 500 => $"Error: the scraper service had a temporary failure (HTTP {(int)ex.StatusCode}). Retrying in a minute may help.",
        ScraperApiException ex => $"Error: the scraper service refused the request (HTTP {(int)ex.StatusCode}{Server(ex.ErrorCode, ex.ServerMessage)}). Retrying the same call will not help.",
        ScraperResponseException => "Error: the scraper service sent an answer that could not be read. Retrying in a minute may help.",
        HttpRequestException or OperationCanceledException or TimeoutException =>
            $"Error: the scraper service could not be reached or did not answer in time. Retrying in a minute may help; a crawl or batch may have started anyway, so check with {jobToolName} before starting it again if you have its job id.",
        _ => $"Error: {tool} failed unexpectedly ({exception.GetType().Name}). Retrying is unlikely to help; continue without this result.",
    };

    private static string Server(string? code, string? message)
    {
        var parts = new[] { Quote(code), Quote(message) }.Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? string.Empty : ": " + string.Join(" ", parts);
    }

    private static string Reasons(ScraperValidationException ex)
    {
        var reasons = ex.ValidationErrors.Select(e => Quote(e.ToString())).Where(r => r.Length > 0).Take(3).ToList();
        return reasons.Count > 0 ? ": " + string.Join("; ", reasons) : Server(ex.ErrorCode, ex.ServerMessage);
    }

    private static string Quote(string? text) => ToolText.Clip(text, QuoteLength);

    private static string Seconds(TimeSpan time) =>
        time.TotalSeconds < 120
            ? Math.Max(1, (int)Math.Ceiling(time.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s"
            : ((int)Math.Round(time.TotalMinutes)).ToString(CultureInfo.InvariantCulture) + " min";
}
