using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OversightLedger.Transparency.Hashing;

/// <summary>
/// RFC 6962 §2.1 hashing: leaf hash = SHA-256(0x00 ‖ entry), node hash = SHA-256(0x01 ‖ left ‖ right),
/// and the root of the empty tree is SHA-256 of nothing.
/// </summary>
public static class Rfc6962
{
    /// <summary>The domain-separation prefix of a leaf hash.</summary>
    public const byte LeafPrefix = 0x00;

    /// <summary>The domain-separation prefix of an interior node hash.</summary>
    public const byte NodePrefix = 0x01;

    /// <summary>The root hash of the empty tree: SHA-256("").</summary>
    public static MerkleHash EmptyRoot { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>The leaf hash of an entry's bytes.</summary>
    public static MerkleHash HashLeaf(ReadOnlySpan<byte> entry)
    {
        MerkleHash result = default;
        Sha256.Hash(LeafPrefix, entry, MemoryMarshal.AsBytes(new Span<MerkleHash>(ref result)));
        return result;
    }

    /// <summary>The hash of an interior node from its two children.</summary>
    public static MerkleHash HashChildren(in MerkleHash left, in MerkleHash right)
    {
        MerkleHash result = default;
        Sha256.HashNode(left.AsSpan(), right.AsSpan(), MemoryMarshal.AsBytes(new Span<MerkleHash>(ref result)));
        return result;
    }
}
