using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;
using DomainMoney = OversightLedger.Domain.Money.Money;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// Reversals and delivery confirmations of the program's disbursements, with the log as the commit point: decide on the
/// program (the agency's own payment, never more than is left of it) → append → apply on the program (the cap comes
/// back) → apply on the budget (the tranche's money comes back). They run one at a time with the program's other
/// commands, so two reversals of the same payment never both pass. Should the budget call fail after the append, the
/// budget counts the entry when the request is sent again or when it next rebuilds from the log; until then it shows
/// less available, never more.
/// </summary>
public sealed partial class BeneficiaryProgramGrain
{
    /// <inheritdoc/>
    public Task<LedgerResult> ReverseAsync(Actor actor, ReverseCommand command) => RunPaymentCommandAsync(actor, command.DisbursementId, () =>
    {
        DomainMoney? amount = command.Amount?.In(_program.Currency);
        return _program.DecideReversal(
            command.EntryId, time.GetUtcNow(), EntryIds.Disbursement(_program.ProgramId, command.DisbursementId), amount, command.Reason);
    });

    /// <inheritdoc/>
    public Task<LedgerResult> ConfirmDeliveryAsync(Actor actor, ConfirmDeliveryCommand command) => RunPaymentCommandAsync(actor, command.DisbursementId, () =>
        _program.DecideDelivery(command.EntryId, time.GetUtcNow(), EntryIds.Disbursement(_program.ProgramId, command.DisbursementId)));

    private async Task<LedgerResult> RunPaymentCommandAsync<TEntry>(Actor actor, string disbursementId, Func<Decision<TEntry>> decide)
        where TEntry : LedgerEntry
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        await _commands.WaitAsync();
        try
        {
            // The disbursement may be one the program no longer holds: read it back from the log, then decide without an await.
            string[] disbursement = NamedDisbursement(disbursementId);
            await PrepareAsync(_program, disbursement, []);
            Decision<TEntry> decision;
            try
            {
                decision = decide();
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return LedgerResults.Invalid(e);
            }

            // Appended and applied on the program as every program act is; then the budget counts it. Telling the budget
            // again on a replayed request is harmless (it applies an entry once, by id) and heals a budget that missed it.
            (TEntry Entry, ulong LeafIndex)? appended = null;
            LedgerResult result = await LedgerResults.AppendAsync(log, decision, (entry, leaf) => appended = (entry, leaf));
            if (appended is { } logged)
            {
                // Let go of during the append (the payment, or its closed period)? Read back again before applying.
                await PrepareAsync(_program, disbursement, []);
                _program.Apply(logged.Entry, logged.LeafIndex);
                CloseOldPeriodsInBackground();
            }

            if (result.Accepted)
            {
                await Budget(ReliefBudgetOf(decision.Entry!)).ApplyProgramEntryAsync(result.Entry!);
            }

            return result;
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>The entry id of the disbursement a command names, or none when the id is malformed (the decision refuses it).</summary>
    private string[] NamedDisbursement(string? disbursementId)
    {
        try
        {
            return [EntryIds.Disbursement(_program.ProgramId, disbursementId!)];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static string ReliefBudgetOf(LedgerEntry entry) => entry switch
    {
        Reversed reversed => reversed.Budget,
        Delivered delivered => delivered.Budget,
        _ => throw new ArgumentException($"A {entry.Kind} entry is not a reversal or a delivery.", nameof(entry)),
    };
}
