using System.Security.Cryptography;
using System.Text;

namespace Geonode.Scraper.Tests.Support;

/// <summary>The signature the SDK assumes, computed here independently of the SDK: HMAC-SHA256 over the raw body, keyed with
/// the UTF-8 bytes of the whole secret, as lowercase hex.</summary>
public static class TestSignature
{
    public static string Hex(string secret, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
    }
}
