using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Programs;

/// <summary>The program's state snapshot: what a grain restores from instead of replaying the program's whole history.</summary>
public sealed partial class BeneficiaryProgram
{
    /// <summary>The kind named in a program's snapshot.</summary>
    public const string SnapshotKind = "program";

    /// <summary>
    /// The applied state as a snapshot body (<see cref="StateSnapshotCodec"/>): the applied entries other than
    /// disbursements, in the order applied, and each committed disbursement's facts and leaf index. In-flight reservations
    /// are not state of the log and are left out. It holds what the log holds (pseudonyms, never names), nothing secret.
    /// </summary>
    public byte[] ToSnapshot() => StateSnapshotCodec.Write(writer =>
    {
        StateSnapshotCodec.WriteHeader(writer, SnapshotKind, ProgramId, _entries.Values, _entries.Count);
        StateSnapshotCodec.WriteDisbursements(
            writer, _disbursements.Select(d => (d.Key, d.Value.Facts, d.Value.LeafIndex)), _disbursements.Count, withLeaves: true);
    }, expectedBytes: 64L * (_disbursements.Count + _entries.Count));

    /// <summary>
    /// The state <see cref="ToSnapshot"/> was taken of, equal to what applying the same entries gives: the disbursements are
    /// restored first (their totals are sums, independent of order), then every other entry is applied in its order, so a
    /// reversal or a delivery finds the disbursement it names.
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is malformed, of another version, or of another program.</exception>
    public static BeneficiaryProgram FromSnapshot(string programId, ReadOnlySpan<byte> snapshot)
    {
        var program = new BeneficiaryProgram(programId);
        return StateSnapshotCodec.Read(snapshot, reader =>
        {
            List<LedgerEntry> entries = StateSnapshotCodec.ReadHeader(reader, SnapshotKind, program.ProgramId);
            StateSnapshotCodec.ReadDisbursements(reader, withLeaves: true, program.RestoreDisbursed);
            foreach (LedgerEntry entry in entries)
            {
                if (entry is Disbursed || ProgramOf(entry) != program.ProgramId)
                {
                    throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' among the program's entries.");
                }

                program.Apply(entry, 0);
            }

            if (program._disbursements.Count > 0 && !program.IsOpen)
            {
                throw new InvalidDataException($"The snapshot holds disbursements of the program '{program.ProgramId}' but not its opening.");
            }

            return program;
        });
    }

    /// <summary>What <see cref="Apply"/> of a Disbursed entry records, from its facts (no reservation to release in a restore).</summary>
    private void RestoreDisbursed(string disbursementId, DisbursementFacts facts, ulong leafIndex)
    {
        if (!_disbursements.TryAdd(disbursementId, new ProgramDisbursement(facts, leafIndex)))
        {
            throw new InvalidDataException($"The snapshot holds the disbursement '{disbursementId}' twice.");
        }

        Add(_paid, facts.Beneficiary, facts.Period, facts.AmountUnits);
    }

    /// <summary>Whether this program has applied the entry, or the entry is not the program's to apply.</summary>
    public bool HasApplied(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // A log-backed program keeps no enrolment entry; a pseudonym is enrolled once, so its enrolment is applied exactly
        // when the pseudonym is enrolled.
        return ProgramOf(entry) != ProgramId || HasEntry(entry.Id) || (_enrolmentIds is not null && entry is BeneficiaryEnrolled e && IsEnrolled(e.Beneficiary));
    }
}
