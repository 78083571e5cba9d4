using System.Security.Cryptography;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// A witness's key files. The secret is an ordinary Ed25519 signer key, <c>PRIVATE+KEY+&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x01 ‖ seed)&gt;</c>,
/// as for a log (and as transparency-dev/formats' <c>NewSignerForCosignatureV1</c> reads it); the public key is its
/// cosignature/v1 verifier key, <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x04 ‖ public key)&gt;</c>, with the key hash of type 0x04.
/// </summary>
public static class WitnessKeys
{
    /// <summary>Makes a fresh witness key for <paramref name="name"/>.</summary>
    /// <returns>The signer key string (secret) and the cosignature/v1 verifier key string (public, to register with the log).</returns>
    /// <exception cref="ArgumentException">The name is empty or holds a space or '+'.</exception>
    public static (string SignerKey, string VerifierKey) Generate(string name)
    {
        (string signerKey, _) = NoteSigner.Generate(name);
        using Cosigner cosigner = OpenCosigner(signerKey);
        return (signerKey, cosigner.VerifierKey);
    }

    /// <summary>The cosigner of a witness's signer key string.</summary>
    /// <exception cref="FormatException">The string is not a valid Ed25519 signer key.</exception>
    public static Cosigner OpenCosigner(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);

        // NoteSigner checks the prefix, the type byte, the seed's length and the key hash.
        using (new NoteSigner(signerKey))
        {
        }

        (string name, _, _, byte[] seed) = NoteKeys.ParseKey(signerKey["PRIVATE+KEY+".Length..], "signer key");
        try
        {
            return new Cosigner(name, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
