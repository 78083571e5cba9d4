using System.Buffers.Text;
using System.Security.Cryptography;

namespace OversightLedger.Domain.Beneficiaries;

/// <summary>
/// The text form both keyed pseudonyms share (beneficiaries' <c>ps_</c>, counterparties' <c>cp_</c>): a prefix and the
/// unpadded base64url form of an HMAC-SHA256, 43 characters.
/// </summary>
internal static class KeyedPseudonymText
{
    /// <summary>The prefix and the base64url HMAC-SHA256 of <paramref name="message"/> under <paramref name="key"/>.</summary>
    public static string Derive(string prefix, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, mac);
        return prefix + Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// Whether <paramref name="text"/> is <paramref name="prefix"/> and the canonical base64url form of 32 bytes (round-tripping
    /// refuses non-canonical encodings, such as a last character with stray low bits).
    /// </summary>
    public static bool IsCanonical(string? text, string prefix)
    {
        if (text is null || text.Length != prefix.Length + 43 || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<char> reencoded = stackalloc char[43];
        ReadOnlySpan<char> encoded = text.AsSpan(prefix.Length);
        return Base64Url.IsValid(encoded, out int length) && length == mac.Length
            && Base64Url.TryDecodeFromChars(encoded, mac, out _)
            && Base64Url.TryEncodeToChars(mac, reencoded, out int written) && reencoded[..written].SequenceEqual(encoded);
    }
}
