using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.AuditLog;

/// <summary>
/// Issue 17, item 1, for the sequencer's index in memory (the azure profile's): an index restored from its snapshot and
/// given the entries after it answers every id and every subject exactly as one that indexed the whole log, over random
/// histories — ids appended again (the sequencer answers the first leaf and appends nothing), logs that reuse an id
/// (both keep the later leaf), snapshots taken while entries keep coming, several snapshots in a row. A damaged or cut
/// snapshot is refused, never read as another index.
/// </summary>
public sealed class LogIndexSnapshotPropertyTests
{
    private static readonly string[] SubjectPool = [.. Enumerable.Range(0, 7).Select(i => LogSubjects.Program("p-" + i)), LogSubjects.Budget("b"), LogSubjects.Counterparty("c")];

    [Fact]
    public void Restore_from_a_snapshot_and_the_tail_answers_like_a_full_rebuild_over_random_histories()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            List<IndexedLogEntry> log = History(random, out Dictionary<string, ulong> firstLeaf);
            int cut = random.Next(log.Count + 1);

            // The index that will be snapshotted: entries to the cut in random batches, with earlier snapshots merged in
            // along the way (some while more entries arrive), then a snapshot at the cut.
            var original = new InMemoryLogEntryIndex();
            LogIndexSnapshotCapture? pending = null;
            SnapshottedLogIndex latest = SnapshottedLogIndex.Empty();
            int next = 0;
            while (next < cut)
            {
                int batch = Math.Min(cut - next, 1 + random.Next(40));
                original.Add(log.GetRange(next, batch), Position((ulong)(next + batch)));
                next += batch;
                if (pending is null && random.Next(4) == 0)
                {
                    pending = original.BeginSnapshot();
                }
                else if (pending is not null && random.Next(2) == 0)
                {
                    original.EndSnapshot(pending, latest = pending.Merge());
                    pending = null;
                }
            }

            if (pending is not null)
            {
                original.EndSnapshot(pending, latest = pending.Merge());
            }

            // Nothing new since the last merge: that merge is the snapshot at the cut.
            if (original.BeginSnapshot() is { } last)
            {
                original.EndSnapshot(last, latest = last.Merge());
            }

            Assert.Equal((ulong)cut, latest.TreeSize);
            byte[] body = latest.Encode();

            var restored = new InMemoryLogEntryIndex();
            restored.Restore(SnapshottedLogIndex.Decode(body, (ulong)cut), Position((ulong)cut));
            Assert.Equal(Position((ulong)cut), restored.Open());
            for (int at = cut; at < log.Count;)
            {
                int batch = Math.Min(log.Count - at, 1 + random.Next(40));
                restored.Add(log.GetRange(at, batch), Position((ulong)(at + batch)));
                original.Add(log.GetRange(at, batch), Position((ulong)(at + batch))); // the snapshotted index goes on too
                at += batch;
            }

            var rebuilt = new InMemoryLogEntryIndex();
            rebuilt.Add(log, Position((ulong)log.Count));
            AssertSameAnswers(log, firstLeaf, rebuilt, restored, random, seed);
            AssertSameAnswers(log, firstLeaf, rebuilt, original, random, seed);
        }
    }

    [Fact]
    public void A_cut_snapshot_is_refused_at_every_length_and_a_flipped_byte_by_its_envelope()
    {
        var random = new Random(17);
        List<IndexedLogEntry> log = History(random, out _);
        var index = new InMemoryLogEntryIndex();
        index.Add(log, Position((ulong)log.Count));
        byte[] body = index.BeginSnapshot()!.Merge().Encode();
        for (int length = 0; length < body.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => SnapshottedLogIndex.Decode(body.AsSpan(0, length), (ulong)log.Count));
        }

        Assert.Throws<InvalidDataException>(() => SnapshottedLogIndex.Decode(body, (ulong)log.Count + 1));
        byte[] stored = new GrainSnapshot(LogIndexSnapshots.Kind, "origin", (ulong)log.Count, Position((ulong)log.Count).Root, body).Encode();
        for (int i = 0; i < stored.Length; i += 1 + random.Next(7))
        {
            byte[] flipped = (byte[])stored.Clone();
            flipped[i] ^= (byte)(1 << random.Next(8));
            Assert.Throws<InvalidDataException>(() => GrainSnapshot.Decode(flipped));
        }
    }

    [Fact]
    public void A_snapshot_is_a_fraction_of_the_bytes_an_id_takes_in_memory()
    {
        var index = new InMemoryLogEntryIndex();
        const int Ids = 200_000;
        var entries = new IndexedLogEntry[Ids];
        for (int i = 0; i < Ids; i++)
        {
            entries[i] = new IndexedLogEntry($"disbursement-{Guid.NewGuid():N}", [LogSubjects.Program("p-" + (i % 3)), LogSubjects.Budget("b")], (ulong)i);
        }

        index.Add(entries, Position(Ids));
        byte[] body = index.BeginSnapshot()!.Merge().Encode();

        // ~12 bytes per id for a random-looking 96-bit fingerprint and a leaf, whatever the ids' length.
        Assert.InRange(body.Length / (double)Ids, 12.0, 16.0);
    }

    /// <summary>
    /// A random log: mostly ids new to it, some appended again (the sequencer appends nothing then: the first leaf stands),
    /// and, in some histories, ids the log holds twice (a log written before idempotency: the later leaf is indexed).
    /// </summary>
    private static List<IndexedLogEntry> History(Random random, out Dictionary<string, ulong> leafOfId)
    {
        int appends = random.Next(0, 400);
        bool reusesIds = random.Next(3) == 0;
        var log = new List<IndexedLogEntry>();
        leafOfId = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int i = 0; i < appends; i++)
        {
            string id = leafOfId.Count > 0 && random.Next(5) == 0
                ? leafOfId.Keys.ElementAt(random.Next(leafOfId.Count))
                : random.Next(10) == 0 ? $"odd-\ud800-{i}" : $"entry-{random.Next(1_000_000)}-{i}";
            if (leafOfId.ContainsKey(id) && !reusesIds)
            {
                continue; // appended again: answered with its first leaf, nothing appended
            }

            string[] subjects = [.. SubjectPool.Where(_ => random.Next(3) == 0)];
            leafOfId[id] = (ulong)log.Count;
            log.Add(new IndexedLogEntry(id, subjects, (ulong)log.Count));
        }

        return log;
    }

    private static void AssertSameAnswers(List<IndexedLogEntry> log, Dictionary<string, ulong> leafOfId, InMemoryLogEntryIndex expected, InMemoryLogEntryIndex actual, Random random, int seed)
    {
        foreach ((string id, ulong leaf) in leafOfId)
        {
            Assert.True(actual.TryGetLeafIndex(id, out ulong found), $"seed {seed}: {id} missing");
            Assert.Equal(leaf, found);
            Assert.True(expected.TryGetLeafIndex(id, out ulong rebuilt));
            Assert.Equal(leaf, rebuilt);
        }

        for (int i = 0; i < 20; i++)
        {
            Assert.False(actual.TryGetLeafIndex($"absent-{random.Next()}", out _));
        }

        foreach (string subject in SubjectPool.Append(LogSubjects.Program("never")))
        {
            ulong from = (ulong)random.Next(log.Count + 2);
            ulong[] reference = [.. log.Where(entry => entry.LeafIndex >= from && entry.Subjects.Contains(subject)).Select(entry => entry.LeafIndex)];
            Assert.Equal(reference, expected.SubjectEntries(subject, from));
            Assert.Equal(reference, actual.SubjectEntries(subject, from));
        }
    }

    /// <summary>A position at <paramref name="size"/> (its root does not matter to the index; it is the sequencer's to check).</summary>
    private static LogIndexPosition Position(ulong size)
    {
        byte[] root = new byte[MerkleHash.Size];
        BitConverter.TryWriteBytes(root, size);
        return new LogIndexPosition(size, new MerkleHash(root));
    }
}
