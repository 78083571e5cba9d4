using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// A tree of distinct random entries with both views of it: the naive reference and an in-memory
/// node reader for the library's proof builder. Entry i starts with i (4 bytes, big-endian) so no two
/// entries are equal — equal leaves would make some "wrong index" proofs legitimately valid.
/// </summary>
internal sealed class TestTree
{
    private TestTree(byte[][] entries)
    {
        Entries = entries;
        LeafHashes = [.. entries.Select(entry => Rfc6962.HashLeaf(entry))];
        Reader = new InMemoryNodeHashReader(LeafHashes);
        Reference = new ReferenceMerkleTree(entries);
    }

    public byte[][] Entries { get; }

    public MerkleHash[] LeafHashes { get; }

    public InMemoryNodeHashReader Reader { get; }

    public ReferenceMerkleTree Reference { get; }

    public int Size => Entries.Length;

    /// <summary>A tree of <paramref name="size"/> entries of 4 to <paramref name="maxLength"/> bytes, from <paramref name="seed"/>.</summary>
    public static TestTree Random(int size, int seed, int maxLength = 40)
    {
        var random = new Random(seed);
        var entries = new byte[size][];
        for (int i = 0; i < size; i++)
        {
            byte[] entry = new byte[random.Next(4, maxLength + 1)];
            random.NextBytes(entry);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(entry, i);
            entries[i] = entry;
        }

        return new TestTree(entries);
    }

    /// <summary>A tree of the given entries.</summary>
    public static TestTree Of(IEnumerable<byte[]> entries) => new([.. entries]);

    /// <summary>The reference's hashes as library hashes.</summary>
    public static MerkleHash[] ToHashes(IEnumerable<byte[]> hashes) => [.. hashes.Select(hash => new MerkleHash(hash))];
}
