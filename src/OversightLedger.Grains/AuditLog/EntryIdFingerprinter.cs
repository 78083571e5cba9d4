using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// Computes <see cref="EntryIdFingerprint"/>s: HMAC-SHA-256 of the id's UTF-16 code units (exact for any string, well-formed
/// or not) under a random key of the index's own, truncated to 96 bits. Keyed, so that ids cannot be crafted to collide;
/// 96 bits, so that two of even 10^10 ids collide with a chance below 10^-9. The keyed state is set up once per instance.
/// </summary>
/// <remarks>Not thread-safe: one instance per thread.</remarks>
internal sealed class EntryIdFingerprinter(byte[] key) : IDisposable
{
    /// <summary>The key's size in bytes.</summary>
    public const int KeySize = 32;

    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

    /// <summary>A new random key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>The fingerprint of <paramref name="entryId"/>.</summary>
    public EntryIdFingerprint Of(string entryId)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _hmac.AppendData(MemoryMarshal.AsBytes(entryId.AsSpan()));
        _hmac.GetHashAndReset(hash);
        return new EntryIdFingerprint(BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt32BigEndian(hash[8..]));
    }

    /// <inheritdoc/>
    public void Dispose() => _hmac.Dispose();
}
