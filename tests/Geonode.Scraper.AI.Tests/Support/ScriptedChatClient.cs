using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Tests.Support;

/// <summary>
/// A chat client that plays a script instead of a model: each turn either calls a tool by name with JSON arguments (parsed
/// into <see cref="JsonElement"/>s, as a real client parses a model's call) or answers with text. Behind a
/// <see cref="FunctionInvokingChatClient"/> the tools really run. It keeps every request it was sent.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatResponse>> _turns = new();
    private int _callId;

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public ScriptedChatClient CallTool(string name, string argumentsJson) => CallTool(name, _ => argumentsJson);

    /// <summary>Calls a tool with arguments that depend on what the tools answered before (a job id, say).</summary>
    public ScriptedChatClient CallTool(string name, Func<IReadOnlyList<string>, string> argumentsJson)
    {
        _turns.Enqueue(history =>
        {
            var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(argumentsJson(ToolResults(history)));
            var call = new FunctionCallContent($"call-{Interlocked.Increment(ref _callId)}", name, arguments);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]));
        });
        return this;
    }

    public ScriptedChatClient Answer(string text, UsageDetails? usage = null)
    {
        _turns.Enqueue(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = usage });
        return this;
    }

    /// <summary>The text results of every tool call in a conversation, in order.</summary>
    public static IReadOnlyList<string> ToolResults(IEnumerable<ChatMessage> history) =>
        history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty).ToList();

    public IReadOnlyList<string> LastToolResults => ToolResults(Requests[^1].Messages);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        lock (Requests)
        {
            Requests.Add((history, options));
        }

        Func<IReadOnlyList<ChatMessage>, ChatResponse>? turn;
        lock (_turns)
        {
            _turns.TryDequeue(out turn);
        }

        return Task.FromResult(turn?.Invoke(history) ?? new ChatResponse(new ChatMessage(ChatRole.Assistant, "done")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The script answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
