using System.Buffers;
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

    private const int StackLeafLimit = 1024;

    /// <summary>The root hash of the empty tree: SHA-256("").</summary>
    public static MerkleHash EmptyRoot { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>The leaf hash of an entry's bytes.</summary>
    public static MerkleHash HashLeaf(ReadOnlySpan<byte> entry)
    {
        MerkleHash result = default;
        Span<byte> output = MemoryMarshal.AsBytes(new Span<MerkleHash>(ref result));
        if (entry.Length < StackLeafLimit)
        {
            Span<byte> input = stackalloc byte[entry.Length + 1];
            input[0] = LeafPrefix;
            entry.CopyTo(input[1..]);
            SHA256.HashData(input, output);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(entry.Length + 1);
            try
            {
                rented[0] = LeafPrefix;
                entry.CopyTo(rented.AsSpan(1));
                SHA256.HashData(rented.AsSpan(0, entry.Length + 1), output);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return result;
    }

    /// <summary>The hash of an interior node from its two children.</summary>
    public static MerkleHash HashChildren(in MerkleHash left, in MerkleHash right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * MerkleHash.Size)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + MerkleHash.Size)..]);
        MerkleHash result = default;
        SHA256.HashData(input, MemoryMarshal.AsBytes(new Span<MerkleHash>(ref result)));
        return result;
    }
}
