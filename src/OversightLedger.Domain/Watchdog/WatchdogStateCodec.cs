namespace OversightLedger.Domain.Watchdog;

/// <summary>The small pieces a watchdog's snapshot is written with: counts, strings and leaves (see <see cref="WatchdogMonitor.ToSnapshot"/>).</summary>
internal static class WatchdogStateCodec
{
    /// <summary>A count, 7-bit encoded; a negative one or one beyond <paramref name="max"/> is refused.</summary>
    internal static int ReadCount(BinaryReader reader, int max = int.MaxValue)
    {
        int count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"A count in the snapshot ({count}) is out of range.");
    }

    internal static void WriteStrings(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (string value in values)
        {
            writer.Write(value);
        }
    }

    internal static List<string> ReadStrings(BinaryReader reader)
    {
        int count = ReadCount(reader);
        var values = new List<string>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            values.Add(reader.ReadString());
        }

        return values;
    }

    internal static void WriteLeaves(BinaryWriter writer, IReadOnlyCollection<long> leaves)
    {
        writer.Write7BitEncodedInt(leaves.Count);
        foreach (long leaf in leaves)
        {
            writer.Write7BitEncodedInt64(leaf);
        }
    }

    internal static List<long> ReadLeaves(BinaryReader reader)
    {
        int count = ReadCount(reader);
        var leaves = new List<long>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            leaves.Add(reader.Read7BitEncodedInt64());
        }

        return leaves;
    }
}
