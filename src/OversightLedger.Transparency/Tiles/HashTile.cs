using System.Runtime.InteropServices;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tiles;

/// <summary>The bytes of a hash tile: its hashes, 32 bytes each, left to right.</summary>
public static class HashTile
{
    /// <summary>Encodes hashes as tile bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<MerkleHash> hashes) => MemoryMarshal.AsBytes(hashes).ToArray();

    /// <summary>Reads the hashes of a tile that must be <paramref name="expectedWidth"/> wide.</summary>
    /// <exception cref="FormatException">The tile does not hold exactly that many hashes.</exception>
    public static MerkleHash[] Decode(ReadOnlySpan<byte> tile, int expectedWidth, string path)
    {
        if (tile.Length != expectedWidth * MerkleHash.Size)
        {
            throw new FormatException($"{path} is {tile.Length} bytes; a tile of {expectedWidth} hashes is {expectedWidth * MerkleHash.Size}.");
        }

        return MemoryMarshal.Cast<byte, MerkleHash>(tile).ToArray();
    }

    /// <summary>The root of a perfect subtree whose leaves (at any level) are <paramref name="hashes"/>; the count must be a power of two.</summary>
    public static MerkleHash SubtreeRoot(ReadOnlySpan<MerkleHash> hashes)
    {
        if (hashes.Length == 1)
        {
            return hashes[0];
        }

        if (hashes.Length == 0 || (hashes.Length & (hashes.Length - 1)) != 0)
        {
            throw new ArgumentException($"A perfect subtree has a power-of-two number of hashes, not {hashes.Length}.", nameof(hashes));
        }

        Span<MerkleHash> scratch = hashes.Length <= 512 ? stackalloc MerkleHash[hashes.Length / 2] : new MerkleHash[hashes.Length / 2];
        for (int i = 0; i < scratch.Length; i++)
        {
            scratch[i] = Rfc6962.HashChildren(hashes[2 * i], hashes[(2 * i) + 1]);
        }

        for (int width = scratch.Length / 2; width >= 1; width /= 2)
        {
            for (int i = 0; i < width; i++)
            {
                scratch[i] = Rfc6962.HashChildren(scratch[2 * i], scratch[(2 * i) + 1]);
            }
        }

        return scratch[0];
    }
}
