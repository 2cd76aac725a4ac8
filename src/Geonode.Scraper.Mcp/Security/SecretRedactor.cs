namespace Geonode.Scraper.Mcp.Security;

/// <summary>
/// Replaces the API key in text that leaves the process (tool results, log lines on stderr) by <c>***</c>. The SDK never
/// puts the key in its messages and redacts it from error bodies, but a tool result also quotes what the service says
/// (a page's error message, a job's error): a server that echoed the key there would otherwise hand it to the model.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Mask = "***";
    private readonly string[] _forms;

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    /// <param name="secret">The key; <see langword="null"/> or empty redacts nothing.</param>
    public SecretRedactor(string? secret)
    {
        // The key as written, and as it looks inside a URL or a JSON string, longest first.
        _forms = string.IsNullOrEmpty(secret)
            ? []
            : [.. new[] { secret, Uri.EscapeDataString(secret), System.Text.Json.JsonEncodedText.Encode(secret).Value }
                .Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
    }

    /// <summary>Gets a redactor that changes nothing.</summary>
    public static SecretRedactor None { get; } = new(null);

    /// <summary>Returns <paramref name="text"/> with every occurrence of the key replaced.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without the key.</returns>
    public string Redact(string text)
    {
        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Returns the redactor's name only: never the key.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{nameof(SecretRedactor)} {{ {(_forms.Length == 0 ? "nothing" : "the API key")} }}";
}
