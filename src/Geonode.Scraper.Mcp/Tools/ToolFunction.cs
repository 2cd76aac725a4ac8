using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// One of this server's own tools as an <see cref="AIFunction"/>: a name, a description, a hand-written JSON schema (what the
/// model sees, compared with golden files in the tests) and a body that answers with a short text. A wrong argument or a
/// failure becomes a sentence the model can act on; only the caller's cancellation propagates.
/// </summary>
internal sealed class ToolFunction : AIFunction
{
    private readonly Func<ToolArgs, CancellationToken, Task<string>> _body;

    public ToolFunction(string name, string description, string schema, Func<ToolArgs, CancellationToken, Task<string>> body)
    {
        Name = name;
        Description = description;
        using var document = JsonDocument.Parse(schema);
        JsonSchema = document.RootElement.Clone();
        _body = body;
    }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement JsonSchema { get; }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await _body(new ToolArgs(arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ToolErrors.Describe(Name, ex);
        }
    }
}
