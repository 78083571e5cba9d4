using System.Buffers.Binary;

namespace OversightLedger.Transparency.Tiles;

/// <summary>A C2SP tlog-tiles entry bundle: each entry as a big-endian uint16 length followed by its bytes.</summary>
public static class EntryBundle
{
    /// <summary>Encodes entries into a bundle.</summary>
    /// <exception cref="ArgumentException">An entry is longer than 65,535 bytes.</exception>
    public static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        int total = 0;
        foreach (ReadOnlyMemory<byte> entry in entries)
        {
            CheckSize(entry.Length);
            total += 2 + entry.Length;
        }

        byte[] bundle = new byte[total];
        int offset = 0;
        foreach (ReadOnlyMemory<byte> entry in entries)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(offset), (ushort)entry.Length);
            entry.Span.CopyTo(bundle.AsSpan(offset + 2));
            offset += 2 + entry.Length;
        }

        return bundle;
    }

    /// <summary>Splits a bundle into its entries (slices of <paramref name="bundle"/>, not copies).</summary>
    /// <exception cref="FormatException">The bundle is truncated.</exception>
    public static List<ReadOnlyMemory<byte>> Decode(ReadOnlyMemory<byte> bundle)
    {
        var entries = new List<ReadOnlyMemory<byte>>(TileLayout.Width);
        ReadOnlySpan<byte> span = bundle.Span;
        int offset = 0;
        while (offset < span.Length)
        {
            if (span.Length - offset < 2)
            {
                throw new FormatException($"The entry bundle is truncated in the length of entry {entries.Count}.");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
            offset += 2;
            if (span.Length - offset < length)
            {
                throw new FormatException($"The entry bundle is truncated in entry {entries.Count} ({length} bytes announced, {span.Length - offset} left).");
            }

            entries.Add(bundle.Slice(offset, length));
            offset += length;
        }

        return entries;
    }

    /// <summary>Checks that an entry fits in a bundle.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static void CheckSize(int length)
    {
        if (length > TileLayout.MaxEntrySize)
        {
            throw new ArgumentException($"An entry is at most {TileLayout.MaxEntrySize} bytes, not {length}.");
        }
    }
}
