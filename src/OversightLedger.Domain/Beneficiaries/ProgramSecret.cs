using System.Security.Cryptography;

namespace OversightLedger.Domain.Beneficiaries;

/// <summary>
/// A program's 32-byte HMAC key for beneficiary pseudonyms. It never appears in the log; whoever holds it can test
/// whether a known reference is enrolled, so it is stored like a private key.
/// </summary>
public sealed class ProgramSecret
{
    /// <summary>The length of a secret in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    private ProgramSecret(byte[] key) => _key = key;

    /// <summary>A new secret from the operating system's cryptographic random number generator.</summary>
    public static ProgramSecret Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Restores a stored secret.</summary>
    /// <exception cref="ArgumentException">The key is not exactly 32 bytes.</exception>
    public static ProgramSecret FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == Length
            ? new(key.ToArray())
            : throw new ArgumentException($"A program secret is {Length} bytes, not {key.Length}.", nameof(key));

    /// <summary>A copy of the key, for storing it.</summary>
    public byte[] ToArray() => (byte[])_key.Clone();

    /// <summary>Never the key itself.</summary>
    public override string ToString() => "ProgramSecret(redacted)";

    internal ReadOnlySpan<byte> Key => _key;
}
