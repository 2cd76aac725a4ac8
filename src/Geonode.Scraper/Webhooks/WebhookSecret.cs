using System.Text;

namespace Geonode.Scraper;

/// <summary>A new webhook signing secret (<c>POST /v1/webhooks/{id}/rotate-secret</c>); the old one stops working at once.</summary>
public sealed record WebhookSecret
{
    /// <summary>Gets the secret. Store it safely; <see cref="object.ToString"/> does not show it.</summary>
    public required string Secret { get; init; }

#pragma warning disable CA1822 // The compiler calls PrintMembers on the instance; it must keep this signature.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Secret = ***");
        return true;
    }
#pragma warning restore CA1822
}
