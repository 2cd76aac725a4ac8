using System.Security.Cryptography;
using System.Text;

namespace Geonode.Scraper.Emulator.Internal;

/// <summary>
/// The emulator's own reading of API.md §10.3 (its recommendation, since the docs were cut off there): HMAC-SHA256 over the
/// raw body bytes, keyed with the UTF-8 bytes of the whole secret string including <c>whsec_</c>, sent as
/// <c>X-Webhook-Signature: sha256=&lt;lowercase hex&gt;</c>. Written apart from the SDK so that each checks the other.
/// </summary>
internal static class WebhookSigner
{
    public const string HeaderName = "X-Webhook-Signature";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
