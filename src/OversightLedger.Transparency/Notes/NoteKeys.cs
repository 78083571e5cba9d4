using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace OversightLedger.Transparency.Notes;

/// <summary>
/// The parts of C2SP signed-note key strings shared by signers, verifiers and cosigners:
/// key names, key hashes (SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4]) and the
/// <c>&lt;name&gt;+&lt;8 hex&gt;+&lt;base64(type ‖ key)&gt;</c> encoding.
/// </summary>
internal static class NoteKeys
{
    /// <summary>Signature type of plain Ed25519 note signatures (c2sp.org/signed-note).</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>Signature type of timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature, cosignature/v1).</summary>
    public const byte CosignatureV1Type = 0x04;

    /// <summary>Ed25519 key, seed and signature sizes.</summary>
    public const int KeySize = 32, SignatureSize = 64;

    public static SignatureAlgorithm Ed25519 => SignatureAlgorithm.Ed25519;

    /// <summary>
    /// A key name is non-empty and has no Unicode white space and no '+' (as x/mod's <c>isValidName</c>).
    /// </summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || name.Contains('+', StringComparison.Ordinal))
        {
            return false;
        }

        int consumed;

        for (int i = 0; i < name.Length; i += consumed)
        {
            // A lone surrogate is not UTF-8 encodable; control characters cannot appear in a note.
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out Rune rune, out consumed) != OperationStatus.Done
                || Rune.IsWhiteSpace(rune)
                || rune.Value < 0x20)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid key name.</summary>
    public static void RequireValidName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid key name: it must be non-empty, without spaces or '+'.", parameterName);
        }
    }

    /// <summary>SHA-256(name ‖ "\n" ‖ type ‖ publicKey), first four bytes big-endian.</summary>
    public static uint KeyHash(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>Eight lower-case hex digits, as Go's <c>%08x</c>.</summary>
    public static string FormatHash(uint keyHash) => keyHash.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary><c>name+hash+base64(type ‖ key)</c>.</summary>
    public static string FormatKey(string name, uint keyHash, byte type, ReadOnlySpan<byte> key)
    {
        byte[] typed = new byte[key.Length + 1];
        typed[0] = type;
        key.CopyTo(typed.AsSpan(1));
        return $"{name}+{FormatHash(keyHash)}+{Convert.ToBase64String(typed)}";
    }

    /// <summary>
    /// Splits <c>name+hash+base64</c> as x/mod does (at the first two '+'; the base64 may hold more) and decodes it.
    /// </summary>
    /// <exception cref="FormatException">A part is malformed.</exception>
    public static (string Name, uint KeyHash, byte Type, byte[] Key) ParseKey(string text, string what)
    {
        string[] parts = text.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException($"{what} must be <name>+<8 hex key hash>+<base64 key>.");
        }

        string name = parts[0];
        if (!IsValidName(name))
        {
            throw new FormatException($"{what} has an invalid key name '{name}'.");
        }

        if (!TryParseHash(parts[1], out uint keyHash))
        {
            throw new FormatException($"{what} for '{name}' has key hash '{parts[1]}', which is not 8 hex digits.");
        }

        if (!NoteBase64.TryDecode(parts[2], strict: false, out byte[] typed) || typed.Length == 0)
        {
            throw new FormatException($"{what} for '{name}' has a key that is not base64.");
        }

        return (name, keyHash, typed[0], typed[1..]);
    }

    private static bool TryParseHash(string hex, out uint keyHash)
    {
        keyHash = 0;
        return hex.Length == 8
            && hex.All(char.IsAsciiHexDigit)
            && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keyHash);
    }
}
