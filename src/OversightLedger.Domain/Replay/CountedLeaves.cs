namespace OversightLedger.Domain.Replay;

/// <summary>
/// One bit per leaf of the log: whether a replay counted the entry there (applied it to its budget and program). An eighth
/// of a byte per leaf, in blocks of 65,536 leaves; what a log-backed replay keeps instead of each entry to know exactly
/// which entries it counted.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class CountedLeaves
{
    private const int BitsPerBlockShift = 16;
    private const int WordsPerBlock = (1 << BitsPerBlockShift) / 64;

    private readonly List<ulong[]> _blocks = [];

    /// <summary>Records that the entry at <paramref name="leafIndex"/> was counted.</summary>
    public void Mark(ulong leafIndex)
    {
        int block = checked((int)(leafIndex >> BitsPerBlockShift));
        while (_blocks.Count <= block)
        {
            _blocks.Add(new ulong[WordsPerBlock]);
        }

        int bit = (int)(leafIndex & ((1UL << BitsPerBlockShift) - 1));
        _blocks[block][bit >> 6] |= 1UL << (bit & 63);
    }

    /// <summary>Whether the entry at <paramref name="leafIndex"/> was counted.</summary>
    public bool Contains(ulong leafIndex)
    {
        ulong block = leafIndex >> BitsPerBlockShift;
        if (block >= (ulong)_blocks.Count)
        {
            return false;
        }

        int bit = (int)(leafIndex & ((1UL << BitsPerBlockShift) - 1));
        return (_blocks[(int)block][bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Writes the bits, up to the last block that has one.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_blocks.Count);
        foreach (ulong[] block in _blocks)
        {
            foreach (ulong word in block)
            {
                writer.Write(word);
            }
        }
    }

    /// <summary>The bits <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bits are malformed.</exception>
    public static CountedLeaves Read(BinaryReader reader)
    {
        int blocks = reader.Read7BitEncodedInt();
        if (blocks < 0 || blocks > 1 << 20)
        {
            throw new InvalidDataException($"The snapshot holds {blocks} blocks of counted leaves.");
        }

        var counted = new CountedLeaves();
        for (int i = 0; i < blocks; i++)
        {
            ulong[] block = new ulong[WordsPerBlock];
            for (int w = 0; w < block.Length; w++)
            {
                block[w] = reader.ReadUInt64();
            }

            counted._blocks.Add(block);
        }

        return counted;
    }
}
