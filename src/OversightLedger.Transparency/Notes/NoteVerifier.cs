using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace OversightLedger.Transparency.Notes;

/// <summary>
/// A verifier key, <c>&lt;name&gt;+&lt;8 hex key hash&gt;+&lt;base64(type ‖ 32-byte Ed25519 public key)&gt;</c>, with type
/// 0x01 (Ed25519 note signatures, c2sp.org/signed-note) or 0x04 (timestamped Ed25519 cosignatures,
/// c2sp.org/tlog-cosignature: the signature is timestamp ‖ Ed25519 over
/// <c>"cosignature/v1\ntime &lt;timestamp&gt;\n" ‖ text</c>).
/// </summary>
public sealed class NoteVerifier
{
    private const long MaxTimestamp = long.MaxValue;

    private readonly PublicKey _publicKey;
    private readonly byte _type;
    private readonly string _verifierKey;

    /// <summary>Reads a verifier key string, checking its name, type byte, key length and key hash.</summary>
    /// <exception cref="FormatException">The string is not a valid type 0x01 or 0x04 Ed25519 verifier key.</exception>
    public NoteVerifier(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        (string name, uint keyHash, byte type, byte[] key) = NoteKeys.ParseKey(verifierKey, "verifier key");
        if (type is not (NoteKeys.Ed25519Type or NoteKeys.CosignatureV1Type))
        {
            throw new FormatException($"Verifier key for '{name}' has type byte 0x{type:x2}; only Ed25519 (0x01) and Ed25519 cosignature (0x04) keys are supported.");
        }

        if (key.Length != NoteKeys.KeySize
            || !PublicKey.TryImport(NoteKeys.Ed25519, key, KeyBlobFormat.RawPublicKey, out PublicKey? publicKey)
            || publicKey is null)
        {
            throw new FormatException($"Verifier key for '{name}' does not hold a {NoteKeys.KeySize}-byte Ed25519 public key.");
        }

        uint computed = NoteKeys.KeyHash(name, type, key);
        if (computed != keyHash)
        {
            throw new FormatException(
                $"Verifier key for '{name}' says key hash {NoteKeys.FormatHash(keyHash)}, but its key hashes to {NoteKeys.FormatHash(computed)}.");
        }

        Name = name;
        KeyHash = keyHash;
        _type = type;
        _publicKey = publicKey;
        _verifierKey = NoteKeys.FormatKey(name, keyHash, type, key);
    }

    /// <summary>The key name that signature lines of this key carry.</summary>
    public string Name { get; }

    /// <summary>The key hash (key ID) that signature lines of this key start with.</summary>
    public uint KeyHash { get; }

    /// <summary>Whether this is a cosignature/v1 key (type 0x04) rather than a plain Ed25519 note key (0x01).</summary>
    internal bool IsCosignatureKey => _type == NoteKeys.CosignatureV1Type;

    /// <summary>The verifier key string (key hash in lower-case hex).</summary>
    public override string ToString() => _verifierKey;

    /// <summary>The message a cosignature/v1 signs: <c>"cosignature/v1\ntime &lt;timestamp&gt;\n" ‖ text</c>.</summary>
    internal static byte[] CosignatureMessage(ReadOnlySpan<byte> text, ulong timestamp)
    {
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"cosignature/v1\ntime {timestamp}\n"));
        byte[] message = new byte[header.Length + text.Length];
        header.CopyTo(message, 0);
        text.CopyTo(message.AsSpan(header.Length));
        return message;
    }

    /// <summary>Checks a signature (the bytes after the key hash) over note text.</summary>
    internal bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) => IsCosignatureKey
        ? TryVerifyCosignature(text, signature, out _)
        : signature.Length == NoteKeys.SignatureSize && NoteKeys.Ed25519.Verify(_publicKey, text, signature);

    /// <summary>Checks a cosignature/v1 signature (timestamp ‖ Ed25519 signature) over checkpoint text.</summary>
    internal bool TryVerifyCosignature(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature, out ulong timestamp)
    {
        timestamp = 0;
        if (!IsCosignatureKey || signature.Length != 8 + NoteKeys.SignatureSize)
        {
            return false;
        }

        ulong time = BinaryPrimitives.ReadUInt64BigEndian(signature);
        if (time > MaxTimestamp || !NoteKeys.Ed25519.Verify(_publicKey, CosignatureMessage(text, time), signature[8..]))
        {
            return false;
        }

        timestamp = time;
        return true;
    }
}
