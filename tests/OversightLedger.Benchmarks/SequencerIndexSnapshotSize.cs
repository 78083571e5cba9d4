using System.Diagnostics;
using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
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
    public static int Run(TextWriter output, int disbursements)
    {
        BeneficiaryPseudonym[] people = LoadShapedDisbursements.Households(1000);
        LogIndexGeneration? generation = new();
        for (int i = 0; i < disbursements; i++)
        {
            byte[] bytes = LoadShapedDisbursements.Entry(i, people);
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
        long before = ManagedHeap.AfterFullCollection();
        SnapshottedLogIndex? decoded = null;
        for (int run = 0; run < 5; run++)
        {
            decoded = null;
            clock.Restart();
            decoded = SnapshottedLogIndex.Decode(body, (ulong)disbursements);
            decodes.Add(clock.Elapsed.TotalMilliseconds);
        }

        long after = ManagedHeap.AfterFullCollection();
        GC.KeepAlive(decoded);
        decodes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sequencer index snapshot, {disbursements:N0} ids: {(double)body.Length / disbursements:F2} B per id ({body.Length:N0} B); merge and encode {encoding.TotalMilliseconds:F0} ms; decode {decodes[2]:F0} ms (median of 5, {decodes[2] * 1e6 / disbursements:F0} ns per id); decoded, {(double)(after - before) / disbursements:F1} B of heap per id"));
        return 0;
    }
}
