using System.Diagnostics;
using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Benchmarks;

/// <summary>
/// <c>sequencer-index-snapshot N</c> (issue 17, item 1, azure profile): the snapshot of the sequencer's in-memory index
/// after N disbursements (ids and entries shaped as in <see cref="SequencerIndexSize"/>): its body's bytes per id, the
/// time to merge and encode it (off the sequencer's turn), the time to decode it (at activation, median of five), and the
/// heap the decoded part holds per id.
/// </summary>
internal static class SequencerIndexSnapshotSize
{
    private const string BudgetId = "load-budget-1a2b3c4d";
    private const string ProgramId = "load-program-1a2b3c4d-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static int Run(TextWriter output, int disbursements)
    {
        Currency usd = Currency.Parse("USD");
        BeneficiaryPseudonym[] people = [.. Enumerable.Range(1, 1000).Select(i => BeneficiaryPseudonym.Derive(new byte[32], $"load-household-{i:D6}"))];
        LogIndexGeneration? generation = new();
        for (int i = 0; i < disbursements; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"g-1a2b3c4d-{i % 16}-{i / 16}");
            byte[] bytes = new Disbursed(
                id, Now, ProgramId, BudgetId, "t1", people[i % people.Length], new Money(usd, 100), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, Now)).ToCanonicalJson();
            EntryEnvelope envelope = EntryEnvelope.Read(bytes);
            generation!.Add(new IndexedLogEntry(envelope.Id, [.. envelope.Subjects()], (ulong)i));
        }

        var clock = Stopwatch.StartNew();
        SnapshottedLogIndex? merged = SnapshottedLogIndex.Empty().Merge(generation, (ulong)disbursements);
        byte[] body = merged.Encode();
        TimeSpan encoding = clock.Elapsed;
        generation = null;
        merged = null;

        var decodes = new List<double>();
        long before = Heap();
        SnapshottedLogIndex? decoded = null;
        for (int run = 0; run < 5; run++)
        {
            decoded = null;
            clock.Restart();
            decoded = SnapshottedLogIndex.Decode(body, (ulong)disbursements);
            decodes.Add(clock.Elapsed.TotalMilliseconds);
        }

        long after = Heap();
        GC.KeepAlive(decoded);
        decodes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sequencer index snapshot, {disbursements:N0} ids: {(double)body.Length / disbursements:F2} B per id ({body.Length:N0} B); merge and encode {encoding.TotalMilliseconds:F0} ms; decode {decodes[2]:F0} ms (median of 5, {decodes[2] * 1e6 / disbursements:F0} ns per id); decoded, {(double)(after - before) / disbursements:F1} B of heap per id"));
        return 0;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
