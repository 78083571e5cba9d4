using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The row of <c>grain-state-size</c> for the sequencer (issue 17; before, the load harness's <c>retained-memory</c>): what
/// one committed disbursement costs the sequencer's in-memory id and subject index (<see cref="LogEntryIndex"/>, which
/// <c>InMemoryLogEntryIndex</c> holds: the azure profile's index, and the embedded one's with <c>Log:IndexOnDisk</c> off).
/// As <c>retained-memory</c> did: ids shaped like the load harness's (<c>g-1a2b3c4d-{i % 16}-{i / 16}</c>), each entry's
/// canonical bytes read the way the sequencer reads them (<see cref="EntryEnvelope.Read"/>), one entry at a time.
/// </summary>
internal static class SequencerIndexSize
{
    /// <summary>Indexes <paramref name="disbursements"/> disbursements to <paramref name="beneficiaries"/> beneficiaries and prints the heap the index holds for them.</summary>
    public static void Run(TextWriter output, int disbursements, int beneficiaries)
    {
        BeneficiaryPseudonym[] people = LoadShapedDisbursements.Households(beneficiaries);
        var index = new LogEntryIndex();
        ulong leaf = 100;
        long before = ManagedHeap.AfterFullCollection();
        for (int i = 0; i < disbursements; i++)
        {
            byte[] bytes = LoadShapedDisbursements.Entry(i, people);
            index.Add(EntryEnvelope.Read(bytes), leaf);
            leaf++;
        }

        long after = ManagedHeap.AfterFullCollection();
        GC.KeepAlive(index);
        GC.KeepAlive(people); // else collected once the loop is done, and its size taken off the index's
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"sequencer, in-memory index (ids and subjects): {(double)(after - before) / disbursements:F1} B of heap per disbursement"));
    }
}
