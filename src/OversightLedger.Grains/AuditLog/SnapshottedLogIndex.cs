using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The part of an <see cref="InMemoryLogEntryIndex"/> that a snapshot holds (issue 17): every entry below
/// <see cref="TreeSize"/>, its ids as 96-bit keyed fingerprints with their leaves (<see cref="FingerprintLeafTable"/>)
/// and each subject's leaves as runs. Immutable: the sequencer looks ids up in it while the next one is merged on
/// another thread.
/// </summary>
/// <remarks>
/// <para>
/// Its body (<see cref="Encode"/>), inside a <c>GrainSnapshot</c> envelope that names the tree size and root it was
/// taken at: magic <c>OLIX</c> and version 1; the fingerprint key (32 bytes); the tree size (varint); the id count N; then
/// three columns — the fingerprints' first 64 bits as varint gaps from the previous (sorted, so each gap is about
/// 2^64/N: a byte or two under eight), their last 32 bits (4 bytes each), and the leaves in a fixed width of W bytes, W
/// the fewest that hold the tree size (3 up to 16.7 million entries); then the subjects: count, and for each its
/// UTF-16 code units and its runs as (gap from the previous run's end, length - 1) varints. Integers are big-endian,
/// varints unsigned LEB128. About 14 bytes per id at a million ids, against ~52 for the ids held exactly in memory.
/// </para>
/// <para>Decoding checks every count against the bytes left, that fingerprints ascend strictly, that leaves and runs lie below the tree size, and that nothing follows.</para>
/// </remarks>
internal sealed class SnapshottedLogIndex
{
    private const byte Version = 1;
    private static readonly byte[] Magic = "OLIX"u8.ToArray();

    private SnapshottedLogIndex(byte[] key, ulong treeSize, FingerprintLeafTable ids, Dictionary<string, SubjectLeafRuns> subjects)
    {
        Key = key;
        TreeSize = treeSize;
        Ids = ids;
        Subjects = subjects;
    }

    /// <summary>The fingerprints' key.</summary>
    public byte[] Key { get; }

    /// <summary>The entries held: every one below this leaf.</summary>
    public ulong TreeSize { get; }

    /// <summary>The ids' fingerprints and leaves.</summary>
    public FingerprintLeafTable Ids { get; }

    /// <summary>Each subject's leaves.</summary>
    public IReadOnlyDictionary<string, SubjectLeafRuns> Subjects { get; }

    /// <summary>No entries, under a new random key.</summary>
    public static SnapshottedLogIndex Empty() => new(EntryIdFingerprinter.NewKey(), 0, FingerprintLeafTable.Empty, new Dictionary<string, SubjectLeafRuns>(StringComparer.Ordinal));

    /// <summary>
    /// This part with <paramref name="generation"/> (the entries from <see cref="TreeSize"/> to <paramref name="treeSize"/>)
    /// merged in, as a new part; a repeated id keeps its later leaf. Reads the generation only: it may run on another thread.
    /// </summary>
    public SnapshottedLogIndex Merge(LogIndexGeneration generation, ulong treeSize)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var additions = new List<(EntryIdFingerprint Fingerprint, ulong Leaf)>(generation.Count);
        using (var fingerprinter = new EntryIdFingerprinter(Key))
        {
            foreach ((string id, ulong leaf) in generation.Ids)
            {
                additions.Add((fingerprinter.Of(id), leaf));
            }
        }

        // By fingerprint; two ids of one fingerprint (a 96-bit collision) keep the later leaf, as a repeated id does.
        additions.Sort((a, b) => a.Fingerprint.CompareTo(b.Fingerprint) is var order and not 0 ? order : a.Leaf.CompareTo(b.Leaf));
        var distinct = new List<(EntryIdFingerprint Fingerprint, ulong Leaf)>(additions.Count);
        foreach ((EntryIdFingerprint Fingerprint, ulong Leaf) addition in additions)
        {
            if (distinct.Count > 0 && distinct[^1].Fingerprint == addition.Fingerprint)
            {
                distinct[^1] = addition;
            }
            else
            {
                distinct.Add(addition);
            }
        }

        var subjects = new Dictionary<string, SubjectLeafRuns>(Subjects, StringComparer.Ordinal);
        foreach ((string subject, SubjectLeafRuns added) in generation.Subjects)
        {
            SubjectLeafRuns merged = Subjects.TryGetValue(subject, out SubjectLeafRuns? earlier) ? earlier.Copy(added.RunCount) : new SubjectLeafRuns(added.RunCount);
            for (int run = 0; run < added.RunCount; run++)
            {
                (ulong start, uint length) = added.RunAt(run);
                merged.AddRun(start, length);
            }

            subjects[subject] = merged;
        }

        return new SnapshottedLogIndex(Key, treeSize, Ids.Merge(distinct), subjects);
    }

    /// <summary>The leaf of the entry with this id; false when this part has none.</summary>
    public bool TryGetLeafIndex(EntryIdFingerprinter fingerprinter, string entryId, out ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(fingerprinter);
        if (Ids.Count == 0)
        {
            leafIndex = 0;
            return false;
        }

        return Ids.TryGetLeaf(fingerprinter.Of(entryId), out leafIndex);
    }

    /// <summary>Appends the leaves at or after <paramref name="fromIndex"/> of the entries that name <paramref name="subject"/>.</summary>
    public void AppendSubjectEntries(string subject, ulong fromIndex, List<ulong> leaves)
    {
        if (Subjects.TryGetValue(subject, out SubjectLeafRuns? runs))
        {
            runs.AppendFrom(fromIndex, leaves);
        }
    }

    /// <summary>The snapshot body.</summary>
    public byte[] Encode()
    {
        int width = LeafWidth(TreeSize);
        long most = Magic.Length + 1 + Key.Length + (3 * 10) + ((long)Ids.Count * (10 + 4 + width));
        foreach ((string subject, SubjectLeafRuns runs) in Subjects)
        {
            most += 10 + (2L * subject.Length) + 10 + (20L * runs.RunCount);
        }

        var writer = new BodyWriter(new byte[checked((int)most)]);
        writer.Write(Magic);
        writer.WriteByte(Version);
        writer.Write(Key);
        writer.WriteVarint(TreeSize);
        writer.WriteVarint((ulong)Ids.Count);
        ulong previous = 0;
        for (int i = 0; i < Ids.Count; i++)
        {
            ulong high = Ids.FingerprintAt(i).High;
            writer.WriteVarint(high - previous);
            previous = high;
        }

        for (int i = 0; i < Ids.Count; i++)
        {
            writer.WriteUInt32(Ids.FingerprintAt(i).Low);
        }

        writer.WriteByte((byte)width);
        for (int i = 0; i < Ids.Count; i++)
        {
            writer.WriteFixed(Ids.LeafAt(i), width);
        }

        writer.WriteVarint((ulong)Subjects.Count);
        foreach ((string subject, SubjectLeafRuns runs) in Subjects.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteVarint((ulong)subject.Length);
            writer.Write(MemoryMarshal.AsBytes(subject.AsSpan()));
            writer.WriteVarint((ulong)runs.RunCount);
            ulong end = 0;
            for (int run = 0; run < runs.RunCount; run++)
            {
                (ulong start, uint length) = runs.RunAt(run);
                writer.WriteVarint(start - end);
                writer.WriteVarint(length - 1UL);
                end = start + length;
            }
        }

        return writer.ToArray();
    }

    /// <summary>Reads a body written by <see cref="Encode"/> at <paramref name="treeSize"/> (the envelope's).</summary>
    /// <exception cref="InvalidDataException">The body is not such an index; the message says why.</exception>
    public static SnapshottedLogIndex Decode(ReadOnlySpan<byte> body, ulong treeSize)
    {
        var reader = new BodyReader(body);
        if (!reader.Read(Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("The sequencer's index snapshot does not start with OLIX.");
        }

        if (reader.Read(1)[0] is var version && version != Version)
        {
            throw new InvalidDataException($"The sequencer's index snapshot is of version {version}, not {Version}.");
        }

        byte[] key = reader.Read(EntryIdFingerprinter.KeySize).ToArray();
        if (reader.ReadVarint() != treeSize)
        {
            throw new InvalidDataException($"The sequencer's index snapshot's body is not of the tree size {treeSize} its envelope names.");
        }

        ulong count = reader.ReadVarint();
        if (count > (ulong)reader.Remaining / (1 + 4 + 1))
        {
            throw new InvalidDataException($"The sequencer's index snapshot claims {count} ids, more than its bytes can hold.");
        }

        int ids = (int)count;
        var high = new ulong[ids];
        var low = new uint[ids];
        var leaves = new ulong[ids];
        ulong previous = 0;
        for (int i = 0; i < ids; i++)
        {
            ulong gap = reader.ReadVarint();
            if (i > 0 && gap > ulong.MaxValue - previous)
            {
                throw new InvalidDataException("The sequencer's index snapshot's fingerprints overflow.");
            }

            high[i] = previous += gap;
        }

        ReadOnlySpan<byte> lows = reader.Read(checked(ids * 4));
        for (int i = 0; i < ids; i++)
        {
            low[i] = BinaryPrimitives.ReadUInt32BigEndian(lows[(i * 4)..]);
            if (i > 0 && (high[i] == high[i - 1] && low[i] <= low[i - 1]))
            {
                throw new InvalidDataException("The sequencer's index snapshot's fingerprints do not ascend strictly.");
            }
        }

        int width = reader.Read(1)[0];
        if (width != LeafWidth(treeSize))
        {
            throw new InvalidDataException($"The sequencer's index snapshot's leaves are {width} bytes wide, not {LeafWidth(treeSize)}.");
        }

        ReadOnlySpan<byte> leafBytes = reader.Read(checked(ids * width));
        for (int i = 0; i < ids; i++)
        {
            ulong leaf = ReadFixed(leafBytes.Slice(i * width, width));
            if (leaf >= treeSize)
            {
                throw new InvalidDataException($"The sequencer's index snapshot names leaf {leaf}, beyond its tree size {treeSize}.");
            }

            leaves[i] = leaf;
        }

        ulong subjectCount = reader.ReadVarint();
        if (subjectCount > (ulong)reader.Remaining / 2)
        {
            throw new InvalidDataException($"The sequencer's index snapshot claims {subjectCount} subjects, more than its bytes can hold.");
        }

        var subjects = new Dictionary<string, SubjectLeafRuns>((int)subjectCount, StringComparer.Ordinal);
        for (ulong s = 0; s < subjectCount; s++)
        {
            ulong length = reader.ReadVarint();
            if (length > (ulong)reader.Remaining / 2)
            {
                throw new InvalidDataException("The sequencer's index snapshot ends inside a subject.");
            }

            string subject = new(MemoryMarshal.Cast<byte, char>(reader.Read((int)length * 2)));
            ulong runCount = reader.ReadVarint();
            if (runCount > (ulong)reader.Remaining / 2)
            {
                throw new InvalidDataException($"The sequencer's index snapshot claims {runCount} runs of '{subject}', more than its bytes can hold.");
            }

            var runs = new SubjectLeafRuns((int)runCount);
            ulong end = 0;
            for (ulong run = 0; run < runCount; run++)
            {
                ulong gap = reader.ReadVarint();
                ulong lengthLess = reader.ReadVarint();
                if ((run > 0 && gap == 0) || gap > treeSize - end || lengthLess >= uint.MaxValue || lengthLess >= treeSize - end - gap)
                {
                    throw new InvalidDataException($"The sequencer's index snapshot's runs of '{subject}' do not ascend below its tree size.");
                }

                runs.AddRun(end + gap, (uint)(lengthLess + 1));
                end += gap + lengthLess + 1;
            }

            if (!subjects.TryAdd(subject, runs))
            {
                throw new InvalidDataException($"The sequencer's index snapshot names the subject '{subject}' twice.");
            }
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"The sequencer's index snapshot has {reader.Remaining} bytes after its end.");
        }

        return new SnapshottedLogIndex(key, treeSize, new FingerprintLeafTable(high, low, leaves), subjects);
    }

    /// <summary>The fewest bytes that hold every leaf below <paramref name="treeSize"/> (at least one).</summary>
    private static int LeafWidth(ulong treeSize)
    {
        int width = 1;
        ulong last = treeSize == 0 ? 0 : treeSize - 1;
        while (width < 8 && last >> (8 * width) != 0)
        {
            width++;
        }

        return width;
    }

    private static ulong ReadFixed(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private struct BodyWriter(byte[] buffer)
    {
        private int _at;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(_at));
            _at += bytes.Length;
        }

        public void WriteByte(byte value) => buffer[_at++] = value;

        public void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                buffer[_at++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[_at++] = (byte)value;
        }

        public void WriteUInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(_at), value);
            _at += 4;
        }

        public void WriteFixed(ulong value, int width)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                buffer[_at++] = (byte)(value >> (8 * i));
            }
        }

        public readonly byte[] ToArray() => buffer.AsSpan(0, _at).ToArray();
    }

    private ref struct BodyReader(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public readonly int Remaining => _body.Length - _at;

        public ReadOnlySpan<byte> Read(int length)
        {
            if (length < 0 || length > Remaining)
            {
                throw new InvalidDataException("The sequencer's index snapshot ends early.");
            }

            ReadOnlySpan<byte> bytes = _body.Slice(_at, length);
            _at += length;
            return bytes;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _body.Length)
                {
                    throw new InvalidDataException("The sequencer's index snapshot ends inside a number.");
                }

                byte b = _body[_at++];
                if (shift == 63 && b > 1)
                {
                    break;
                }

                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("The sequencer's index snapshot holds a number over 64 bits.");
        }
    }
}
