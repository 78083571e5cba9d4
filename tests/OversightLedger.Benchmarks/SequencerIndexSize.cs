using System.Globalization;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The row of <c>grain-state-size</c> for the sequencer (issue 17; before, the load harness's <c>retained-memory</c>): what
/// one committed disbursement costs the sequencer's in-memory id and subject index (<see cref="InMemoryLogEntryIndex"/>,
/// the azure profile's and the embedded one's with <c>Log:IndexOnDisk</c> off). Ids are shaped like the load harness's
/// (<c>g-1a2b3c4d-{i % 16}-{i / 16}</c>), fresh strings as a deserialised command gives them, and each entry names its
/// budget and program, as a disbursement does.
/// </summary>
internal static class SequencerIndexSize
{
    private const string BudgetId = "load-budget-1a2b3c4d";
    private const string ProgramId = "load-program-1a2b3c4d-1";

    /// <summary>Indexes <paramref name="disbursements"/> disbursements one append at a time and prints the heap they hold.</summary>
    public static void Run(TextWriter output, int disbursements)
    {
        var index = new InMemoryLogEntryIndex();
        var position = new LogIndexPosition(0, MerkleHash.FromHex(new string('0', 64)));
        ulong leaf = 100;
        long before = Heap();
        for (int i = 0; i < disbursements; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"g-1a2b3c4d-{i % 16}-{i / 16}");
            index.Add([new IndexedLogEntry(id, [LogSubjects.Budget(BudgetId), LogSubjects.Program(ProgramId)], leaf)], position);
            leaf++;
        }

        long after = Heap();
        GC.KeepAlive(index);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"sequencer, in-memory index (ids and subjects): {(double)(after - before) / disbursements:F1} B of heap per disbursement"));
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
