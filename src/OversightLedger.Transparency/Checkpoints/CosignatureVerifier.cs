using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Checkpoints;

/// <summary>
/// Checks a witness's Ed25519 cosignature on a checkpoint (c2sp.org/tlog-cosignature, cosignature/v1, key type 0x04):
/// the line's bytes are key hash ‖ uint64 big-endian timestamp ‖ Ed25519 signature over
/// <c>"cosignature/v1\ntime &lt;timestamp&gt;\n" ‖ checkpoint text</c>.
/// </summary>
public sealed class CosignatureVerifier
{
    private readonly NoteVerifier _verifier;

    /// <summary>Reads the witness's verifier key, <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x04 ‖ public key)&gt;</c>.</summary>
    /// <exception cref="FormatException">The string is not a valid type 0x04 verifier key.</exception>
    public CosignatureVerifier(string verifierKey)
    {
        _verifier = new NoteVerifier(verifierKey);
        if (!_verifier.IsCosignatureKey)
        {
            throw new FormatException($"Verifier key for '{_verifier.Name}' is not a cosignature/v1 key (type 0x04).");
        }
    }

    /// <summary>The witness's key name.</summary>
    public string Name => _verifier.Name;

    /// <summary>The witness's key hash (key ID).</summary>
    public uint KeyHash => _verifier.KeyHash;

    /// <summary>Finds this witness's cosignature among the checkpoint's signature lines and checks it.</summary>
    /// <returns>The cosignature's timestamp, in seconds since the Unix epoch.</returns>
    /// <exception cref="NoteVerificationException">There is no line of this key, or the first one does not verify.</exception>
    public ulong Verify(SignedCheckpoint signedCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        NoteSignature? line = signedCheckpoint.Note.Signatures.FirstOrDefault(s => s.Name == Name && s.KeyHash == KeyHash);
        return line is null
            ? throw new NoteVerificationException($"checkpoint has no cosignature from {_verifier.Name}+{NoteKeys.FormatHash(KeyHash)}")
            : Verify(signedCheckpoint.Checkpoint, line);
    }

    /// <summary>Checks one cosignature line against a checkpoint.</summary>
    /// <returns>The cosignature's timestamp, in seconds since the Unix epoch.</returns>
    /// <exception cref="NoteVerificationException">The line is not from this key or does not verify.</exception>
    public ulong Verify(Checkpoint checkpoint, NoteSignature cosignature)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(cosignature);
        string key = $"{Name}+{NoteKeys.FormatHash(KeyHash)}";
        if (cosignature.Name != Name || cosignature.KeyHash != KeyHash)
        {
            throw new NoteVerificationException($"signature line of {cosignature.Name}+{NoteKeys.FormatHash(cosignature.KeyHash)} is not from {key}");
        }

        byte[] text = NoteText.Utf8.GetBytes(checkpoint.Format());
        return _verifier.TryVerifyCosignature(text, cosignature.Signature.Span, out ulong timestamp)
            ? timestamp
            : throw new NoteVerificationException($"invalid cosignature for key {key}");
    }
}
