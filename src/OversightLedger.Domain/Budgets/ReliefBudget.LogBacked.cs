using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// The budget as its grain holds it (issue 17, item 2): its committed disbursements stay in the log. It keeps a filter of
/// their ids, the ones applied since its last snapshot (with their leaves), and the few its grain recalled from the log for
/// a rule that names them (a replayed id, a reversal, a delivery); the sums per tranche stay exact. The grain recalls,
/// before deciding or applying, every disbursement <see cref="MustRecallDisbursement"/> names.
/// </summary>
public sealed partial class ReliefBudget
{
    /// <summary>The kind named in the body of a log-backed budget's snapshot.</summary>
    public const string LogBackedSnapshotKind = "budget/log-backed";

    private LogBackedDisbursements<DisbursementFacts>? _held;

    /// <summary>Whether this budget keeps its disbursements in the log rather than in memory (<see cref="LogBacked"/>).</summary>
    public bool IsLogBacked => _held is not null;

    /// <summary>How many disbursements the state holds with their facts (applied since its last snapshot, and recalled).</summary>
    public int HeldDisbursements => _held?.Held ?? _disbursements.Count;

    /// <summary>How many disbursements the budget has applied.</summary>
    public long DisbursementCount => _held?.Count ?? _disbursements.Count;

    /// <summary>Below this leaf of the log, every disbursement of the budget is applied (log-backed; 0 otherwise).</summary>
    public ulong AppliedBelow => _held?.AppliedBelow ?? 0;

    /// <summary>
    /// An empty budget state, before its BudgetOpened entry, that keeps its disbursements in the log: a replay
    /// (<see cref="Replay.LedgerReplay.ForBudget(ReliefBudget)"/>) and the grain's commits fill it, each Disbursed entry
    /// applied with its leaf (<see cref="Apply(LedgerEntry, ulong)"/>).
    /// </summary>
    public static ReliefBudget LogBacked(string budgetId) => new(budgetId) { _held = new() };

    /// <summary>
    /// Whether <paramref name="disbursementId"/> may be a committed disbursement of the budget whose facts are not held:
    /// before deciding or applying anything that names it, the grain reads it back from the log and hands it to
    /// <see cref="RecallDisbursements"/>. False for a budget that keeps its disbursements.
    /// </summary>
    public bool MustRecallDisbursement(string disbursementId) => _held?.MustRecall(disbursementId) ?? false;

    /// <summary>
    /// Whether the Disbursed entry the log holds at <paramref name="leafIndex"/> is applied to this budget, exactly: held,
    /// or below <see cref="AppliedBelow"/> and in the filter (log-backed). One that is not is for the grain to apply.
    /// </summary>
    public bool IsDisbursementApplied(Disbursed entry, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Budget == BudgetId && (_held is null ? HasDisbursement(entry.Id) : _held.IsApplied(entry.Id, leafIndex));
    }

    /// <summary>
    /// Holds disbursements read back from the log, each applied (<see cref="IsDisbursementApplied"/>), so the decisions and
    /// applies that follow without an await find them. Nothing for a budget that keeps its disbursements.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is another budget's, or not applied.</exception>
    public void RecallDisbursements(IReadOnlyList<(Disbursed Entry, ulong LeafIndex)> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (_held is null)
        {
            return;
        }

        var batch = new List<(string, DisbursementFacts)>(found.Count);
        foreach ((Disbursed entry, ulong leaf) in found)
        {
            if (!IsDisbursementApplied(entry, leaf))
            {
                throw new ArgumentException($"The disbursement '{entry.Id}' at leaf {leaf} is not one the budget '{BudgetId}' applied.", nameof(found));
            }

            batch.Add((entry.Id, DisbursementFacts.Of(entry)));
        }

        _held.Recall(batch);
    }

    /// <summary>A snapshot at <paramref name="position"/> is written: the disbursements below it are no longer held.</summary>
    public void ForgetDisbursementsBefore(ulong position) => _held?.ForgetBefore(position);

    /// <summary>Every disbursement of the budget below <paramref name="position"/> is applied (its restore replayed them).</summary>
    public void MarkAppliedBelow(ulong position) => _held?.MarkAppliedBelow(position);

    /// <summary>
    /// The snapshot of a log-backed budget taken at <paramref name="position"/>: its entries other than disbursements, the
    /// disbursed sum of each tranche and the paid sums of its vetted lists, the id filter and count of its disbursements,
    /// and the facts of those applied at or after the position (ahead of one not applied yet). For a budget that keeps its
    /// disbursements, <see cref="ToSnapshot()"/>.
    /// </summary>
    public byte[] ToSnapshot(ulong position) => _held is not { } held ? ToSnapshot() : StateSnapshotCodec.Write(writer =>
    {
        StateSnapshotCodec.WriteHeader(writer, LogBackedSnapshotKind, BudgetId, _entries.Values, _entries.Count);
        writer.Write7BitEncodedInt(_tranches.Count);
        foreach (Tranche tranche in _tranches)
        {
            writer.Write(tranche.Id);
            writer.Write7BitEncodedInt64(tranche.DisbursedUnits);
        }

        List<KeyValuePair<string, VettedPaymentList>> paid = [.. _paymentLists.Where(l => l.Value.PaidRows > 0)];
        writer.Write7BitEncodedInt(paid.Count);
        foreach ((string key, VettedPaymentList list) in paid)
        {
            writer.Write(key);
            writer.Write7BitEncodedInt64(list.PaidUnits);
            writer.Write7BitEncodedInt(list.PaidRows);
        }

        held.Write(writer, position, after => StateSnapshotCodec.WriteDisbursements(
            writer, after.Select(d => (d.Id, d.Value, d.LeafIndex)), after.Count, withLeaves: true));
    }, expectedBytes: (64L * _entries.Count) + (held.Count * 3));

    /// <summary>The log-backed budget <see cref="ToSnapshot(ulong)"/> was taken of.</summary>
    /// <exception cref="InvalidDataException">The snapshot is malformed, of another version or kind, or of another budget.</exception>
    public static ReliefBudget FromLogBackedSnapshot(string budgetId, ReadOnlySpan<byte> snapshot)
    {
        ReliefBudget budget = LogBacked(budgetId);
        return StateSnapshotCodec.Read(snapshot, reader =>
        {
            foreach (LedgerEntry entry in StateSnapshotCodec.ReadHeader(reader, LogBackedSnapshotKind, budget.BudgetId))
            {
                budget.RestoreEntry(entry);
            }

            int tranches = reader.Read7BitEncodedInt();
            if (tranches != budget._tranches.Count)
            {
                throw new InvalidDataException($"The snapshot sums {tranches} tranches; its entries add {budget._tranches.Count}.");
            }

            for (int i = 0; i < tranches; i++)
            {
                string id = reader.ReadString();
                long units = reader.Read7BitEncodedInt64();
                Tranche tranche = budget._tranchesById.GetValueOrDefault(id) ?? throw new InvalidDataException($"The snapshot sums the tranche '{id}', which it does not add.");
                tranche.DisbursedUnits = units >= 0 ? units : throw new InvalidDataException($"The snapshot's disbursed sum of the tranche '{id}' is negative.");
            }

            int lists = reader.Read7BitEncodedInt();
            for (int i = 0; i < lists; i++)
            {
                string key = reader.ReadString();
                VettedPaymentList list = budget._paymentLists.GetValueOrDefault(key) ?? throw new InvalidDataException($"The snapshot counts payments of the list '{key}', which it does not submit.");
                list.PaidUnits = reader.Read7BitEncodedInt64();
                list.PaidRows = reader.Read7BitEncodedInt();
            }

            LogBackedDisbursements<DisbursementFacts> held = LogBackedDisbursements<DisbursementFacts>.Read(reader);
            StateSnapshotCodec.ReadDisbursements(reader, withLeaves: true, (id, facts, leaf) =>
            {
                if (facts.Terms.Budget != budget.BudgetId)
                {
                    throw new InvalidDataException($"The snapshot holds the disbursement '{id}' of another budget.");
                }

                held.Hold(id, facts, leaf);
            });
            budget._held = held;
            if ((held.Count > 0 || budget._entries.Count > 0) && !budget.IsOpen)
            {
                throw new InvalidDataException($"The snapshot holds entries of the budget '{budget.BudgetId}' but not its opening.");
            }

            return budget;
        });
    }

    /// <summary>
    /// Takes back an entry of a log-backed snapshot. A reversal or a delivery is only recorded: its effect on the tranche
    /// is already in the sums the snapshot holds, and the disbursement it names is in the log. Every other entry is applied.
    /// </summary>
    private void RestoreEntry(LedgerEntry entry)
    {
        if (entry is Disbursed || BudgetOf(entry) != BudgetId || _entries.ContainsKey(entry.Id) || (entry is not BudgetOpened && !IsOpen))
        {
            throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' among the budget's entries, twice, or before its opening.");
        }

        switch (entry)
        {
            case Reversed reversed:
                _reversedUnits[reversed.Disbursement] = checked(_reversedUnits.GetValueOrDefault(reversed.Disbursement) + reversed.Amount.MinorUnits);
                _entries.Add(entry.Id, entry);
                break;
            case Delivered delivered:
                if (!_delivered.Add(delivered.Disbursement))
                {
                    throw new InvalidDataException($"The snapshot confirms the delivery of '{delivered.Disbursement}' twice.");
                }

                _deliveredUnits = checked(_deliveredUnits + delivered.Amount.MinorUnits);
                _entries.Add(entry.Id, entry);
                break;
            default:
                Apply(entry);
                break;
        }
    }

    /// <summary>
    /// Whether <paramref name="entry"/> is a Disbursed entry (or the id of one) the budget has applied: held, or, for a
    /// log-backed budget given the entry's leaf, applied below <see cref="AppliedBelow"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A log-backed budget is given a Disbursed entry without its leaf.</exception>
    private bool IsAppliedDisbursement(LedgerEntry entry, ulong? leafIndex)
    {
        if (_held is null || entry is not Disbursed disbursed)
        {
            return HasDisbursement(entry.Id);
        }

        return leafIndex is { } leaf
            ? IsDisbursementApplied(disbursed, leaf)
            : throw new ArgumentException($"A log-backed budget applies the Disbursed entry '{entry.Id}' with its leaf in the log.", nameof(entry));
    }
}
