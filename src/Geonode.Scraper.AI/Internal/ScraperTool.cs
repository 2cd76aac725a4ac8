using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI.Internal;

/// <summary>
/// One tool: a name, a description and a hand-written JSON schema (what the model sees, compared with golden files in the
/// tests), and a body that turns the model's arguments into a short text. Written by hand rather than through
/// <c>AIFunctionFactory</c> so that a wrong argument becomes a sentence the model can fix, not a binder exception, and so
/// that nothing reflects over a delegate (trimming and AOT stay clean).
/// </summary>
internal sealed class ScraperTool : AIFunction
{
    private readonly Func<ToolArguments, CancellationToken, Task<string>> _invoke;
    private readonly ToolErrors _errors;

    public ScraperTool(string name, string description, string schema, ToolErrors errors, Func<ToolArguments, CancellationToken, Task<string>> invoke)
    {
        Name = name;
        Description = description;
        using var document = JsonDocument.Parse(schema);
        JsonSchema = document.RootElement.Clone();
        _errors = errors;
        _invoke = invoke;
    }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement JsonSchema { get; }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await _invoke(new ToolArguments(arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;   // the caller stopped the agent: that is not a tool result
        }
        catch (Exception ex)
        {
            return _errors.Describe(Name, ex);
        }
    }
}
