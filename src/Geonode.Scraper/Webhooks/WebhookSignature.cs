using System.Security.Cryptography;
using System.Text;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// Verifies the <c>X-Webhook-Signature</c> header of a webhook delivery: HMAC-SHA256 over the raw request body, keyed with
/// the UTF-8 bytes of the whole secret (including its <c>whsec_</c> prefix), as lowercase or uppercase hex, bare or as
/// <c>sha256=&lt;hex&gt;</c>. Several comma-separated signatures are accepted if any one matches.
/// </summary>
/// <remarks>
/// Inferred: the API documentation confirms the header, the algorithm and the per-webhook secret, but not the signed
/// message (the raw body, or the timestamp and the body), the header's encoding (bare hex, <c>sha256=</c>, base64) nor
/// whether the <c>whsec_</c> prefix is part of the key. The choices above are this SDK's assumption (see "What the API docs
/// do not confirm" in the README); the live contract tests cannot settle them, as they need a real delivery.
/// </remarks>
public static class WebhookSignature
{
    /// <summary>The name of the header that carries the signature.</summary>
    public const string HeaderName = "X-Webhook-Signature";

    private const string Prefix = "sha256=";

    /// <summary>Checks a delivery's signature in constant time.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The request body exactly as received (not re-serialized).</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value; <see langword="null"/> or malformed fails.</param>
    /// <returns><see langword="true"/> when the signature matches.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static bool Verify(string secret, byte[] rawBody, string? signatureHeader)
    {
        Guard.NotNullOrWhiteSpace(secret);
        Guard.NotNull(rawBody);
        return Matches([secret], rawBody, signatureHeader);
    }

    /// <summary>
    /// Checks a delivery's signature against several secrets, so that old and new are both accepted while a rotation is
    /// under way (the receiver's configuration and deliveries already signed or being retried cannot all switch at the same
    /// instant). Every secret is checked against every signature in constant time, whichever matches.
    /// </summary>
    /// <param name="secrets">The secrets to accept, for example the new one and the one it replaces; at least one.</param>
    /// <param name="rawBody">The request body exactly as received (not re-serialized).</param>
    /// <param name="signatureHeader">The <c>X-Webhook-Signature</c> header value; <see langword="null"/> or malformed fails.</param>
    /// <returns><see langword="true"/> when the signature matches any of the secrets.</returns>
    /// <exception cref="ArgumentException"><paramref name="secrets"/> is empty or holds an empty secret.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> or <paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static bool Verify(IEnumerable<string> secrets, byte[] rawBody, string? signatureHeader)
    {
        var keys = CheckSecrets(secrets);
        Guard.NotNull(rawBody);
        return Matches(keys, rawBody, signatureHeader);
    }

    /// <summary>Computes the header value a sender puts on a delivery: <c>sha256=&lt;lowercase hex&gt;</c>.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="rawBody">The exact request body.</param>
    /// <returns>The signature header value.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rawBody"/> is <see langword="null"/>.</exception>
    public static string Compute(string secret, byte[] rawBody)
    {
        Guard.NotNullOrWhiteSpace(secret);
        Guard.NotNull(rawBody);
        var hash = ComputeHash(secret, rawBody);
        var sb = new StringBuilder(Prefix, Prefix.Length + (hash.Length * 2));
        foreach (var b in hash)
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Copies the secrets into a list, checking that there is at least one and none is empty.</summary>
    internal static List<string> CheckSecrets(IEnumerable<string> secrets)
    {
        Guard.NotNull(secrets);
        var keys = new List<string>(secrets);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(keys[i]))
            {
                throw new ArgumentException($"Webhook secret {i} is null or empty.", nameof(secrets));
            }
        }

        return keys;
    }

    /// <summary>Compares every candidate signature with the HMAC of every secret, without stopping at the first match, so
    /// timing reveals neither which secret nor which candidate matched.</summary>
    internal static bool Matches(IReadOnlyList<string> secrets, byte[] rawBody, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return false;
        }

        var candidates = new List<byte[]>();
        foreach (var part in signatureHeader!.Split(','))
        {
            if (TryDecode(part.Trim(), out var candidate))
            {
                candidates.Add(candidate);
            }
        }

        var match = false;
        foreach (var secret in secrets)
        {
            var expected = ComputeHash(secret, rawBody);
            foreach (var candidate in candidates)
            {
                match |= FixedTimeEquals(expected, candidate);
            }
        }

        return match;
    }

    private static byte[] ComputeHash(string secret, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return hmac.ComputeHash(body);
    }

    private static bool TryDecode(string value, out byte[] bytes)
    {
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring(Prefix.Length);
        }

        bytes = [];
        if (value.Length != 64)
        {
            return false;
        }

        var result = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            var hi = HexValue(value[2 * i]);
            var lo = HexValue(value[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            result[i] = (byte)((hi << 4) | lo);
        }

        bytes = result;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool FixedTimeEquals(byte[] left, byte[] right)
    {
#if NETCOREAPP2_1_OR_GREATER
        return CryptographicOperations.FixedTimeEquals(left, right);
#else
        if (left.Length != right.Length)
        {
            return false;
        }

        var diff = 0;
        for (var i = 0; i < left.Length; i++)
        {
            diff |= left[i] ^ right[i];
        }

        return diff == 0;
#endif
    }
}
