using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// The program as its grain holds it (issue 17, item 2): its committed disbursements stay in the log. It keeps a filter
/// of their ids, the ones applied since its last snapshot, and the few its grain recalled from the log for a rule that
/// names them; the grain recalls, before deciding, every disbursement <see cref="MustRecallDisbursement"/> names.
/// </summary>
public sealed partial class BeneficiaryProgram
{
    /// <summary>The kind named in the body of a log-backed program's snapshot.</summary>
    public const string LogBackedSnapshotKind = "program/log-backed/4";

    /// <summary>Whether this program keeps its disbursements in the log rather than in memory (<see cref="LogBacked"/>).</summary>
    public bool IsLogBacked => _held is not null;

    private readonly Dictionary<string, BeneficiaryEnrolled> _recalledEnrolments = new(StringComparer.Ordinal);
    private EntryIdFilter? _enrolmentIds;

    /// <summary>How many disbursements the state holds with their facts (applied since its last snapshot, and recalled).</summary>
    public int HeldDisbursements => _held?.Held ?? _disbursements.Count;

    /// <summary>Below this leaf of the log, every disbursement of the program is applied (log-backed; 0 otherwise).</summary>
    public ulong AppliedBelow => _held?.AppliedBelow ?? 0;

    /// <summary>
    /// An empty program state, before its ProgramOpened entry, that keeps its disbursements in the log: a replay
    /// (<see cref="Replay.LedgerReplay.ForProgram(BeneficiaryProgram)"/>) and the grain's decisions fill it.
    /// </summary>
    public static BeneficiaryProgram LogBacked(string programId) =>
        new(programId) { _held = new(EntryIdFilter.TrackingAdded()), _enrolmentIds = EntryIdFilter.TrackingAdded() };

    /// <summary>
    /// Whether <paramref name="entryId"/> may be an enrolment the program applied but does not keep (a log-backed program
    /// keeps of its enrolments only the pseudonym set and a filter of their ids): before deciding anything under that id,
    /// the grain reads it back from the log and hands it to <see cref="RecallEnrolment"/>.
    /// </summary>
    public bool MustRecallEntry(string entryId) =>
        _enrolmentIds?.MightContain(entryId) == true && !_entries.ContainsKey(entryId) && !_recalledEnrolments.ContainsKey(entryId);

    /// <summary>
    /// Holds an enrolment read back from the log, when it is one the program applied (its pseudonym is enrolled: a program
    /// enrols a pseudonym once), so a decision under its id finds it (R7: the same receipt). At most 1,024 are held.
    /// </summary>
    /// <returns>Whether it was held.</returns>
    public bool RecallEnrolment(BeneficiaryEnrolled enrolled)
    {
        ArgumentNullException.ThrowIfNull(enrolled);
        if (_enrolmentIds is null || enrolled.Program != ProgramId || !IsEnrolled(enrolled.Beneficiary) || !_enrolmentIds.MightContain(enrolled.Id))
        {
            return false;
        }

        if (_recalledEnrolments.Count >= LogBackedDisbursements<ProgramDisbursement>.RecalledCapacity)
        {
            _recalledEnrolments.Clear();
        }

        _recalledEnrolments[enrolled.Id] = enrolled;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="disbursementId"/> may be a committed disbursement of the program whose facts are not held:
    /// before deciding anything that names it, the grain reads it back from the log and hands it to
    /// <see cref="RecallDisbursements"/>. False for a program that keeps its disbursements.
    /// </summary>
    public bool MustRecallDisbursement(string disbursementId) => _held?.MustRecall(disbursementId) ?? false;

    /// <summary>
    /// Whether the Disbursed entry the log holds at <paramref name="leafIndex"/> is applied to this program (log-backed),
    /// exactly: held, or below <see cref="AppliedBelow"/> and in the filter. One that is not (an append in doubt that
    /// landed) is for the grain to apply.
    /// </summary>
    public bool IsDisbursementApplied(Disbursed entry, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Program == ProgramId
            && (_held is null ? TryGetDisbursement(entry.Id, out _) : _held.IsApplied(entry.Id, leafIndex));
    }

    /// <summary>
    /// Holds disbursements read back from the log, each applied (<see cref="IsDisbursementApplied"/>), so the decisions
    /// and applies that follow without an await find them. Nothing for a program that keeps its disbursements.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is another program's, or not applied.</exception>
    public void RecallDisbursements(IReadOnlyList<(Disbursed Entry, ulong LeafIndex)> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (_held is null)
        {
            return;
        }

        var batch = new List<(string, ProgramDisbursement)>(found.Count);
        foreach ((Disbursed entry, ulong leaf) in found)
        {
            if (!IsDisbursementApplied(entry, leaf))
            {
                throw new ArgumentException($"The disbursement '{entry.Id}' at leaf {leaf} is not one the program '{ProgramId}' applied.", nameof(found));
            }

            batch.Add((entry.Id, new ProgramDisbursement(DisbursementFacts.Of(entry), leaf)));
        }

        _held.Recall(batch);
    }

    /// <summary>A snapshot at <paramref name="position"/> is written: the disbursements below it are no longer held.</summary>
    public void ForgetDisbursementsBefore(ulong position) => _held?.ForgetBefore(position);

    /// <summary>Every disbursement of the program below <paramref name="position"/> is applied (its restore replayed them).</summary>
    public void MarkAppliedBelow(ulong position) => _held?.MarkAppliedBelow(position);

    /// <summary>
    /// The snapshot of a log-backed program taken at <paramref name="position"/>, relative to its stored base
    /// (<see cref="BaseDigest"/>, none before the first: then it holds everything): its entries other than disbursements,
    /// the base's digest, the pseudonyms enrolled and the enrolment and disbursement ids added since the base (32 and 16
    /// bytes each), each open period's totals changed since, the closed periods' names, the count of its disbursements, and
    /// the facts of those applied at or after the position (ahead of one not applied yet). For a program that keeps its
    /// disbursements, <see cref="ToSnapshot()"/>.
    /// </summary>
    public byte[] ToSnapshot(ulong position) => _held is not { } held ? ToSnapshot() : StateSnapshotCodec.Write(writer =>
    {
        StateSnapshotCodec.WriteHeader(writer, LogBackedSnapshotKind, ProgramId, _entries.Values, _entries.Count);
        writer.Write(BaseDigest ?? string.Empty);
        _beneficiaries.WriteAdded(writer);
        _enrolmentIds!.WriteAdded(writer);
        _paid.WriteChanges(writer);
        held.WriteAdded(writer, position, after => StateSnapshotCodec.WriteDisbursements(
            writer, after.Select(d => (d.Id, d.Value.Facts, d.LeafIndex)), after.Count, withLeaves: true));
    }, expectedBytes: (64L * _entries.Count) + ChangesSinceBaseBytes + 1024);

    /// <summary>
    /// The digest of the base <paramref name="snapshot"/> (<see cref="ToSnapshot(ulong)"/>) stands on, or null when it
    /// holds everything: the grain reads that base (<see cref="ProgramBase.StoreName"/>) before restoring.
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is malformed, of another version or kind, or of another program.</exception>
    public static string? BaseNamedBy(string programId, byte[] snapshot) => StateSnapshotCodec.Read(snapshot, reader =>
    {
        StateSnapshotCodec.SkipHeader(reader, LogBackedSnapshotKind, programId);
        string digest = reader.ReadString();
        reader.BaseStream.Seek(0, SeekOrigin.End); // the rest is read by the restore
        return digest.Length == 0 ? null : digest;
    });

    /// <summary>The log-backed program <see cref="ToSnapshot(ulong)"/> was taken of, when it names no base.</summary>
    /// <exception cref="InvalidDataException">The snapshot is malformed, of another version or kind, or of another program, or names a base.</exception>
    public static BeneficiaryProgram FromLogBackedSnapshot(string programId, ReadOnlySpan<byte> snapshot) => FromLogBackedSnapshot(programId, snapshot.ToArray(), baseContent: null);

    /// <summary>
    /// The log-backed program <see cref="ToSnapshot(ulong)"/> was taken of: the base it names (<paramref name="baseContent"/>,
    /// checked against the digest the snapshot names; null when none was found) with the snapshot's changes applied.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The snapshot is malformed, of another version or kind, or of another program; or the base it names is missing,
    /// damaged, or not that one.
    /// </exception>
    public static BeneficiaryProgram FromLogBackedSnapshot(string programId, byte[] snapshot, byte[]? baseContent)
    {
        BeneficiaryProgram program = LogBacked(programId);
        return StateSnapshotCodec.Read(snapshot, reader =>
        {
            foreach (LedgerEntry entry in StateSnapshotCodec.ReadHeader(reader, LogBackedSnapshotKind, program.ProgramId))
            {
                program.RestoreEntry(entry);
            }

            string digest = reader.ReadString();
            var periods = new Dictionary<string, PeriodTable>(StringComparer.Ordinal);
            EntryIdFilter disbursementIds = EntryIdFilter.TrackingAdded();
            if (digest.Length > 0)
            {
                if (baseContent is null)
                {
                    throw new InvalidDataException($"The snapshot stands on the base {digest}, which is missing.");
                }

                (PseudonymSet enrolled, EntryIdFilter enrolmentIds, disbursementIds, periods) = ProgramBase.Read(program.ProgramId, digest, baseContent);
                program._beneficiaries = enrolled;
                program._enrolmentIds = enrolmentIds;
                program.BaseDigest = digest;
                program._baseBytes = baseContent.Length;
            }

            program._beneficiaries.ReadAdded(reader);
            program._enrolmentIds!.ReadAdded(reader);
            if (program._enrolmentIds.Count != program._beneficiaries.Count)
            {
                throw new InvalidDataException($"The snapshot enrols {program._beneficiaries.Count} pseudonyms but its filter holds {program._enrolmentIds.Count} enrolment ids.");
            }

            program._paid.ReadChanges(reader, periods);
            LogBackedDisbursements<ProgramDisbursement> held = LogBackedDisbursements<ProgramDisbursement>.ReadAdded(reader, disbursementIds);
            StateSnapshotCodec.ReadDisbursements(reader, withLeaves: true, (id, facts, leaf) =>
            {
                if (facts.Terms.Program != program.ProgramId)
                {
                    throw new InvalidDataException($"The snapshot holds the disbursement '{id}' of another program.");
                }

                held.Hold(id, new ProgramDisbursement(facts, leaf), leaf);
            });
            program._held = held;
            if ((held.Count > 0 || program._entries.Count > 0) && !program.IsOpen)
            {
                throw new InvalidDataException($"The snapshot holds entries of the program '{program.ProgramId}' but not its opening.");
            }

            return program;
        });
    }

    /// <summary>
    /// Takes back an entry of a log-backed snapshot: its effect on the totals is already in them and the disbursement it
    /// names is in the log, so it is only recorded (enrolment, reversal, delivery).
    /// </summary>
    private void RestoreEntry(LedgerEntry entry)
    {
        if (entry is Disbursed || ProgramOf(entry) != ProgramId || _entries.ContainsKey(entry.Id))
        {
            throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' among the program's entries, or twice.");
        }

        switch (entry)
        {
            case ProgramOpened opened:
                Terms = Terms is null ? opened : throw new InvalidDataException($"The snapshot opens the program '{ProgramId}' twice.");
                break;
            case BeneficiaryEnrolled:
                throw new InvalidDataException($"The snapshot lists the enrolment '{entry.Id}' as an entry; a log-backed program keeps its enrolled pseudonyms.");
            case Reversed reversed:
                if (_reversals.TryGetValue(reversed.Disbursement, out List<Reversed>? earlier))
                {
                    earlier.Add(reversed);
                }
                else
                {
                    _reversals.Add(reversed.Disbursement, [reversed]);
                }

                break;
            case Delivered delivered:
                if (!_deliveries.TryAdd(delivered.Disbursement, delivered))
                {
                    throw new InvalidDataException($"The snapshot confirms the delivery of '{delivered.Disbursement}' twice.");
                }

                break;
        }

        if (!IsOpen)
        {
            throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' before the program's opening.");
        }

        _entries.Add(entry.Id, entry);
    }
}
