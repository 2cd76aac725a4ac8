using System.Net;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// Turns what went wrong in one of this server's own tools into one sentence a model can act on: what failed and whether
/// trying again helps. Like the SDK's agent tools, it quotes only the server's parsed error code and message (clipped),
/// never an exception's message, a response body or the key.
/// </summary>
internal static class ToolErrors
{
    public static string Describe(string tool, Exception exception) => exception switch
    {
        ToolArgumentException ex => $"Error: {ex.Message}",
        ArgumentException => $"Error: the arguments of {tool} were rejected before anything was sent. Check them against the tool's description and call again.",
        ScraperAuthenticationException => "Error: the scraper service rejected this server's API key. Retrying will not help; tell the user that the Geonode API key (GEONODE_SCRAPER_API_KEY) needs to be checked.",
        ScraperInsufficientBalanceException => "Error: the Geonode account has no balance left for this request. Retrying will not help; tell the user to top up the account.",
        ScraperRateLimitException => "Error: the scraper service is rate-limiting this account. Wait a minute and try again, or make fewer calls at once.",
        ScraperNotFoundException => $"Error: no such job for this account. Check the job id (use one that a tool returned) and call {tool} again.",
        ScraperApiException ex when (int)ex.StatusCode >= 500 || ex.StatusCode == HttpStatusCode.RequestTimeout =>
            $"Error: the scraper service had a temporary failure (HTTP {(int)ex.StatusCode}). Retrying in a minute may help.",
        ScraperApiException ex => $"Error: the scraper service refused the request (HTTP {(int)ex.StatusCode}{Server(ex.ErrorCode, ex.ServerMessage)}). Retrying the same call will not help.",
        ScraperResponseException => "Error: the scraper service sent an answer that could not be read. Retrying in a minute may help.",
        UnauthorizedAccessException => $"Error: {tool} may not write into that folder (permission denied). Call it again with another folder under the export root.",
        IOException => $"Error: {tool} could not write the files: another export may be writing into that folder, or the disk is full. Wait for the other export or choose another folder.",
        HttpRequestException or OperationCanceledException or TimeoutException =>
            "Error: the scraper service could not be reached or did not answer in time. Retrying in a minute may help.",
        _ => $"Error: {tool} failed unexpectedly ({exception.GetType().Name}). Retrying is unlikely to help; continue without this result.",
    };

    private static string Server(string? code, string? message)
    {
        var parts = new[] { Clip(code), Clip(message) }.Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? string.Empty : ": " + string.Join(" ", parts);
    }

    private static string Clip(string? text) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
}
