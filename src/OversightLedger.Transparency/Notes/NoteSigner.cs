using System.Security.Cryptography;
using NSec.Cryptography;

namespace OversightLedger.Transparency.Notes;

/// <summary>
/// Signs note text with an Ed25519 signer key
/// <c>PRIVATE+KEY+&lt;name&gt;+&lt;8 hex key hash&gt;+&lt;base64(0x01 ‖ 32-byte seed)&gt;</c>, producing the same
/// bytes as Go's <c>golang.org/x/mod/sumdb/note</c> (Ed25519 is deterministic).
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string SignerKeyPrefix = "PRIVATE+KEY+";

    private readonly Key _key;

    /// <summary>Reads a signer key string, checking its name, algorithm byte and key hash.</summary>
    /// <exception cref="FormatException">The string is not a valid Ed25519 signer key.</exception>
    public NoteSigner(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        if (!signerKey.StartsWith(SignerKeyPrefix, StringComparison.Ordinal))
        {
            throw new FormatException("A signer key must start with PRIVATE+KEY+.");
        }

        (string name, uint keyHash, byte type, byte[] seed) = NoteKeys.ParseKey(signerKey[SignerKeyPrefix.Length..], "signer key");
        try
        {
            if (type != NoteKeys.Ed25519Type)
            {
                throw new FormatException($"Signer key for '{name}' has algorithm byte 0x{type:x2}; only Ed25519 (0x01) is supported.");
            }

            if (seed.Length != NoteKeys.KeySize)
            {
                throw new FormatException($"Signer key for '{name}' holds {seed.Length} key bytes, not a {NoteKeys.KeySize}-byte Ed25519 seed.");
            }

            _key = Key.Import(NoteKeys.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        byte[] publicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        uint computed = NoteKeys.KeyHash(name, NoteKeys.Ed25519Type, publicKey);
        if (computed != keyHash)
        {
            _key.Dispose();
            throw new FormatException(
                $"Signer key for '{name}' says key hash {NoteKeys.FormatHash(keyHash)}, but its public key hashes to {NoteKeys.FormatHash(computed)}.");
        }

        Name = name;
        KeyHash = keyHash;
        VerifierKey = NoteKeys.FormatKey(name, keyHash, NoteKeys.Ed25519Type, publicKey);
    }

    /// <summary>The key name, written in every signature line.</summary>
    public string Name { get; }

    /// <summary>The key hash (key ID).</summary>
    public uint KeyHash { get; }

    /// <summary>The matching verifier key string, <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x01 ‖ public key)&gt;</c>.</summary>
    public string VerifierKey { get; }

    /// <summary>Makes a fresh Ed25519 key for <paramref name="name"/>, as Go's <c>note.GenerateKey</c>.</summary>
    /// <returns>The signer key string (secret) and the verifier key string (public).</returns>
    /// <exception cref="ArgumentException">The name is empty or holds a space or '+'.</exception>
    public static (string SignerKey, string VerifierKey) Generate(string name)
    {
        NoteKeys.RequireValidName(name, nameof(name));
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using Key key = Key.Create(NoteKeys.Ed25519, parameters);
        byte[] seed = key.Export(KeyBlobFormat.RawPrivateKey);
        try
        {
            byte[] publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            uint keyHash = NoteKeys.KeyHash(name, NoteKeys.Ed25519Type, publicKey);
            return (
                SignerKeyPrefix + NoteKeys.FormatKey(name, keyHash, NoteKeys.Ed25519Type, seed),
                NoteKeys.FormatKey(name, keyHash, NoteKeys.Ed25519Type, publicKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Signs note text and returns its signature line.</summary>
    /// <param name="text">The note text: ends with a newline, no other control characters.</param>
    /// <exception cref="ArgumentException">The text is not valid note text.</exception>
    public NoteSignature Sign(string text)
    {
        byte[] bytes = NoteText.Encode(text, nameof(text));
        return NoteSignature.Create(Name, KeyHash, NoteKeys.Ed25519.Sign(_key, bytes));
    }

    /// <summary>Forgets the private key.</summary>
    public void Dispose() => _key.Dispose();
}
