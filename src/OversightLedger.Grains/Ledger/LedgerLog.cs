using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Grains.Ledger;

/// <summary>How the ledger grains use the public log: append through the sequencer, and read back their own entries.</summary>
public sealed class LedgerLog(IGrainFactory grains, AuditLogStore store, LogEntryReader reader)
{
    private IAuditLogGrain? _sequencer;

    private IAuditLogGrain Sequencer => _sequencer ??= grains.GetGrain<IAuditLogGrain>(store.Origin);

    /// <summary>Appends one entry; returns once it is durable.</summary>
    public Task<LogAppendReceipt> AppendAsync(byte[] entry) => Sequencer.AppendAsync(entry);

    /// <summary>
    /// Appends one entry, or returns null, having appended nothing, when its id already holds a different entry of the
    /// log (<see cref="EntryIdTakenException"/>): the act cannot be recorded under that id.
    /// </summary>
    public async Task<LogAppendReceipt?> TryAppendAsync(byte[] entry)
    {
        try
        {
            return await Sequencer.AppendAsync(entry);
        }
        catch (EntryIdTakenException)
        {
            return null;
        }
    }

    /// <summary>Appends entries in order; returns once all are durable.</summary>
    public Task<LogAppendReceipt[]> AppendManyAsync(byte[][] entries) => Sequencer.AppendManyAsync(entries);

    /// <summary>The leaf index of an entry id, or null.</summary>
    public Task<ulong?> FindAsync(string entryId) => Sequencer.FindAsync(entryId);

    /// <summary>Every entry (leaf index and bytes) that names <paramref name="subject"/>, in log order.</summary>
    public async Task<List<(ulong LeafIndex, byte[] Entry)>> ReadSubjectAsync(string subject)
    {
        ulong[] indices = await Sequencer.GetSubjectEntriesAsync(subject, 0);
        if (indices.Length == 0)
        {
            return [];
        }

        LogTreeHead head = await Sequencer.GetTreeHeadAsync();
        byte[][] entries = await reader.ReadAsync(indices, head.TreeSize);
        var result = new List<(ulong, byte[])>(indices.Length);
        for (int i = 0; i < indices.Length; i++)
        {
            result.Add((indices[i], entries[i]));
        }

        return result;
    }

    /// <summary>The latest signed tree head.</summary>
    public Task<LogTreeHead> GetTreeHeadAsync() => Sequencer.GetTreeHeadAsync();

    /// <summary>Every entry of an indexed kind (e.g. <c>BudgetOpened</c>), in log order.</summary>
    public Task<List<(ulong LeafIndex, byte[] Entry)>> ReadKindAsync(string kind) => ReadSubjectAsync(LogSubjects.OfKind(kind));

    /// <summary>
    /// The entries from <paramref name="fromIndex"/> up to (not including) <paramref name="toIndex"/>, read a bundle at a
    /// time so memory stays bounded whatever the range; <paramref name="toIndex"/> must be within a signed tree.
    /// </summary>
    public async IAsyncEnumerable<(ulong LeafIndex, byte[] Entry)> ReadRangeAsync(
        ulong fromIndex, ulong toIndex, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Chunk = 4096;
        var indices = new List<ulong>(Chunk);
        for (ulong start = fromIndex; start < toIndex; start += Chunk)
        {
            indices.Clear();
            for (ulong i = start; i < Math.Min(toIndex, start + Chunk); i++)
            {
                indices.Add(i);
            }

            byte[][] entries = await reader.ReadAsync(indices, toIndex, cancellationToken);
            for (int i = 0; i < entries.Length; i++)
            {
                yield return (indices[i], entries[i]);
            }
        }
    }

    /// <summary>The entry at <paramref name="leafIndex"/>.</summary>
    public async Task<byte[]> ReadAsync(ulong leafIndex)
    {
        LogTreeHead head = await Sequencer.GetTreeHeadAsync();
        return (await reader.ReadAsync([leafIndex], head.TreeSize))[0];
    }
}
