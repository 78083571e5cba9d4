using System.Security.Cryptography;
using System.Text;

namespace OversightLedger.Server.Access;

/// <summary>API key strings: <c>olk_</c> + 256 random bits in base64url; stored only as their SHA-256.</summary>
internal static class ApiKeys
{
    public const string Prefix = "olk_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewKeyId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether a key supplied by an operator (e.g. OVERSIGHT_ADMIN_KEY) is long enough to be one.</summary>
    public static bool IsAcceptable(string key) => key.Length >= 24 && key.All(c => c > ' ' && c < 0x7f);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
