using System.ClientModel;
using System.CommandLine;
using Geonode.Scraper.AI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Geonode.Scraper.Samples;

/// <summary>
/// <c>ask "QUESTION" [--site URL]</c>: a chat model answers a question by calling the scraper's tools (search, map, scrape,
/// crawl, batch, job status) in a loop. Any <see cref="IChatClient"/> works; the command builds one for an
/// OpenAI-compatible endpoint from the environment (OpenAI itself, Azure OpenAI, Ollama, vLLM, LM Studio...).
/// </summary>
internal static class AskCommand
{
    public const string KeyVariable = "OPENAI_API_KEY";
    public const string ModelVariable = "OPENAI_MODEL";
    public const string EndpointVariable = "OPENAI_BASE_URL";

    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "What to find out" };
        var site = new Option<string?>("--site", "-s") { Description = "The website the answer should come from (absolute http or https URL)" };
        site.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"'{value}' is not an absolute http or https URL");
            }
        });
        var command = new Command(
            "ask",
            $"Answer a question with a chat model that reads the web through the scraper's tools. Set {ModelVariable} and {KeyVariable} "
            + $"(and {EndpointVariable} for another OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 for Ollama)")
        { question, site };
        command.SetAction((parse, ct) =>
        {
            // Checked before the emulator starts or anything is billed.
            if (ChatFromEnvironment() is not { } chat)
            {
                return Task.FromResult(Commands.UsageError(command,
                    $"ask needs a chat model: set {ModelVariable} (e.g. gpt-4o-mini) and {KeyVariable}; for another OpenAI-compatible endpoint "
                    + $"also set {EndpointVariable} (e.g. http://localhost:11434/v1 for Ollama, where any key will do)"));
            }

            return Commands.RunAsync(parse, ct, async (session, token) =>
            {
                using (chat)
                {
                    var answer = await AskAsync(chat, session.Client, parse.GetRequiredValue(question), parse.GetValue(site), Console.Error, token);
                    Console.WriteLine(answer);
                    return ExitCodes.Ok;
                }
            });
        });
        return command;
    }

    /// <summary>The tool-calling loop: the model calls the scraper's tools until it can answer; each call is logged.</summary>
    public static async Task<string> AskAsync(IChatClient model, IScraperClient scraper, string question, string? site, TextWriter log, CancellationToken cancellationToken)
    {
        var tools = ScraperAIFunctions.Create(scraper);   // one set per conversation: its memory of jobs is this user's
        using var agent = new FunctionInvokingChatClient(model);
        var response = await agent.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System,
                    "Answer the user's question from web pages you read with the tools; cite the URLs you used. "
                    + (site is null ? "Search the web first if you do not know where to look." : $"The answer should come from the site {site}: map or crawl it, then read the relevant pages.")),
                new ChatMessage(ChatRole.User, question),
            ],
            new ChatOptions { Tools = [.. tools] },
            cancellationToken);

        foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            await log.WriteLineAsync($"tool: {call.Name} {string.Join(", ", call.Arguments?.Select(a => $"{a.Key}={a.Value}") ?? [])}");
        }

        return response.Text;
    }

    /// <summary>A chat client for an OpenAI-compatible endpoint from the environment, or null when it is not configured.</summary>
    private static IChatClient? ChatFromEnvironment()
    {
        var model = Environment.GetEnvironmentVariable(ModelVariable);
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(model) || (string.IsNullOrWhiteSpace(key) && string.IsNullOrWhiteSpace(endpoint)))
        {
            return null;
        }

        var options = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            options.Endpoint = new Uri(endpoint);
        }

        // A local server needs no key, but the client wants one.
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(key) ? "unused" : key), options).GetChatClient(model).AsIChatClient();
    }
}
