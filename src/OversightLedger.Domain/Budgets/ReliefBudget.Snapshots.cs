using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Budgets;

/// <summary>The budget's state snapshot: what a grain restores from instead of replaying the budget's whole history.</summary>
public sealed partial class ReliefBudget
{
    /// <summary>The kind named in a budget's snapshot.</summary>
    public const string SnapshotKind = "budget";

    /// <summary>
    /// The applied state as a snapshot body (<see cref="StateSnapshotCodec"/>): the applied entries other than
    /// disbursements, in the order applied, and each committed disbursement's facts. In-flight reservations are not state
    /// of the log and are left out. A log-backed budget writes <see cref="ToSnapshot(ulong)"/> instead.
    /// </summary>
    /// <exception cref="InvalidOperationException">The budget is log-backed: it does not hold every disbursement's facts.</exception>
    public byte[] ToSnapshot() => IsLogBacked
        ? throw new InvalidOperationException($"The budget '{BudgetId}' is log-backed: its snapshot is taken at a position (ToSnapshot(position)).")
        : StateSnapshotCodec.Write(writer =>
    {
        StateSnapshotCodec.WriteHeader(writer, SnapshotKind, BudgetId, _entries.Values, _entries.Count);
        StateSnapshotCodec.WriteDisbursements(writer, _disbursements.Select(d => (d.Key, d.Value, 0UL)), _disbursements.Count, withLeaves: false);
    }, expectedBytes: 64L * (_disbursements.Count + _entries.Count));

    /// <summary>
    /// The state <see cref="ToSnapshot"/> was taken of, equal to what applying the same entries gives: the disbursements are
    /// recorded first, every other entry is applied in its order (a reversal or a delivery finds the disbursement it names),
    /// then the disbursements are counted against their vetted lists and the disbursed sums added to their tranches
    /// (only reservations, never an apply, read them).
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is malformed, of another version, or of another budget.</exception>
    public static ReliefBudget FromSnapshot(string budgetId, ReadOnlySpan<byte> snapshot)
    {
        var budget = new ReliefBudget(budgetId);
        return StateSnapshotCodec.Read(snapshot, reader =>
        {
            List<LedgerEntry> entries = StateSnapshotCodec.ReadHeader(reader, SnapshotKind, budget.BudgetId);
            var disbursedByTranche = new Dictionary<string, long>(StringComparer.Ordinal);
            StateSnapshotCodec.ReadDisbursements(reader, withLeaves: false, (id, facts, _) =>
            {
                if (!budget._disbursements.TryAdd(id, facts))
                {
                    throw new InvalidDataException($"The snapshot holds the disbursement '{id}' twice.");
                }

                disbursedByTranche[facts.Terms.Tranche] = checked(disbursedByTranche.GetValueOrDefault(facts.Terms.Tranche) + facts.AmountUnits);
            });
            foreach (LedgerEntry entry in entries)
            {
                if (entry is Disbursed || BudgetOf(entry) != budget.BudgetId)
                {
                    throw new InvalidDataException($"The snapshot lists the {entry.Kind} entry '{entry.Id}' among the budget's entries.");
                }

                budget.Apply(entry);
            }

            // What applying each disbursement also does, now that the vettings are applied: count it against its vetted list.
            foreach (KeyValuePair<string, DisbursementFacts> disbursement in budget._disbursements)
            {
                budget.RecordVettedPayment(disbursement.Key, disbursement.Value.AmountUnits);
            }

            foreach ((string tranche, long units) in disbursedByTranche)
            {
                Tranche held = budget._tranchesById.GetValueOrDefault(tranche)
                    ?? throw new InvalidDataException($"The snapshot holds disbursements from the tranche '{tranche}', which it does not add.");
                held.DisbursedUnits = checked(held.DisbursedUnits + units);
            }

            return budget;
        });
    }

    /// <summary>Whether this budget has applied the entry, or the entry is not the budget's to apply (the log names it under the budget, e.g. a finding).</summary>
    public bool HasApplied(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return BudgetOf(entry) != BudgetId || _entries.ContainsKey(entry.Id) || HasDisbursement(entry.Id);
    }
}
