using System.Buffers.Binary;
using NSec.Cryptography;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Checkpoints;

/// <summary>
/// A witness's Ed25519 cosigning key (c2sp.org/tlog-cosignature, cosignature/v1, key type 0x04). It signs
/// whatever checkpoint it is given: checking consistency with what it cosigned before is the caller's job.
/// </summary>
public sealed class Cosigner : IDisposable
{
    private readonly Key _key;

    /// <summary>Creates the cosigner <paramref name="name"/> from a 32-byte Ed25519 seed.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name or the seed is not 32 bytes.</exception>
    public Cosigner(string name, ReadOnlySpan<byte> seed)
    {
        NoteKeys.RequireValidName(name, nameof(name));
        if (seed.Length != NoteKeys.KeySize)
        {
            throw new ArgumentException($"An Ed25519 seed is {NoteKeys.KeySize} bytes, not {seed.Length}.", nameof(seed));
        }

        _key = Key.Import(NoteKeys.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        byte[] publicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Name = name;
        KeyHash = NoteKeys.KeyHash(name, NoteKeys.CosignatureV1Type, publicKey);
        VerifierKey = NoteKeys.FormatKey(name, KeyHash, NoteKeys.CosignatureV1Type, publicKey);
    }

    /// <summary>The witness's key name.</summary>
    public string Name { get; }

    /// <summary>The key hash: SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].</summary>
    public uint KeyHash { get; }

    /// <summary>The verifier key string, <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x04 ‖ public key)&gt;</c>.</summary>
    public string VerifierKey { get; }

    /// <summary>Cosigns a checkpoint at a given time.</summary>
    /// <param name="checkpoint">The checkpoint to cosign.</param>
    /// <param name="timestamp">Seconds since the Unix epoch, at most 2^63 − 1.</param>
    /// <returns>The cosignature line, to add with <see cref="SignedCheckpoint.WithSignature"/>.</returns>
    public NoteSignature Sign(Checkpoint checkpoint, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, (ulong)long.MaxValue);
        byte[] text = NoteText.Utf8.GetBytes(checkpoint.Format());
        Span<byte> signature = stackalloc byte[8 + NoteKeys.SignatureSize];
        BinaryPrimitives.WriteUInt64BigEndian(signature, timestamp);
        NoteKeys.Ed25519.Sign(_key, NoteVerifier.CosignatureMessage(text, timestamp), signature[8..]);
        return NoteSignature.Create(Name, KeyHash, signature);
    }

    /// <summary>Forgets the private key.</summary>
    public void Dispose() => _key.Dispose();
}
