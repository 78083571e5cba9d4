using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Grains.Vetting;

/// <summary>
/// One payment list submitted for vetting (<see cref="IPaymentListGrain"/>). Its rows are private state, written before
/// the submission is logged, so a <c>kill -9</c> after the 202 loses nothing; the list's public life (submitted, vetted,
/// expired) is the budget's, decided there under its command lock. Once the vetting is in the log, the approved rows go
/// through the program's ordinary disbursement path (idempotent by row id, so paying again after a crash pays nothing
/// twice) and each row's result is kept. Not reentrant: one step at a time.
/// </summary>
public sealed class PaymentListGrain(
    [PersistentState("paymentList", GrainStorageNames.Ledger)] IPersistentState<PaymentListState> state) : Grain, IPaymentListGrain
{
    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Rows stored before issue 12 hold their amount as text (see DisburseCommand); read it once here.
        state.State.Rows = [.. state.State.Rows.Select(row => row with { Command = row.Command.WithAmountStoredBeforeIssue12() })];
        return base.OnActivateAsync(cancellationToken);
    }

    private string Program => PaymentListKeys.Parse(this.GetPrimaryKeyString()).Program;

    private string List => PaymentListKeys.Parse(this.GetPrimaryKeyString()).List;

    /// <inheritdoc/>
    public async Task<LedgerResult> SubmitAsync(Actor actor, SubmitPaymentListCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await GrainFactory.GetGrain<IBeneficiaryProgramGrain>(Program).GetAsync() is not { } program)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownProgram, $"There is no program '{Program}'.");
        }

        if (!actor.IsAdmin && program.Agency != actor.Principal)
        {
            return LedgerResults.NotOwner("program", Program);
        }

        if (state.State.Sha256 is { } recorded && (recorded != command.Sha256 || state.State.Budget != command.Budget))
        {
            return LedgerResult.Rejected(RejectionCode.Duplicate, $"The program '{Program}' already submitted a list '{List}' with other rows; send other rows under another list id.");
        }

        if (command.Rows.Length is 0 or > PaymentListSubmitted.MaxRows)
        {
            return LedgerResult.Rejected(
                RejectionCode.PaymentListTooLarge, $"A list for vetting holds from 1 to {PaymentListSubmitted.MaxRows} rows; this one has {command.Rows.Length}: send it as several lists.");
        }

        IBudgetVettingGrain budget = GrainFactory.GetGrain<IBudgetVettingGrain>(command.Budget);
        if (await budget.GetVettingAsync() is not { } terms)
        {
            return LedgerResult.Rejected(RejectionCode.VettingNotRequired, $"The budget '{command.Budget}' does not require vetting (or is not open).");
        }

        Money total;
        try
        {
            total = TotalOf(command.Rows, Currency.Parse(terms.Currency));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            return LedgerResults.Invalid(e);
        }

        if (state.State.Sha256 is null)
        {
            // The rows first: a submission in the log always has its rows on the server.
            state.State.Budget = command.Budget;
            state.State.Agency = program.Agency;
            state.State.Sha256 = command.Sha256;
            state.State.Rows = command.Rows;
            state.State.Total = total.ToDecimalString();
            await state.WriteStateAsync();
        }

        LedgerResult result = await budget.SubmitPaymentListAsync(
            new PaymentListSubmission(Program, program.Agency, List, command.Sha256, command.Rows.Length, DecimalAmount.Of(total)));
        if (!result.Accepted && !state.State.Logged)
        {
            // Refused: the id stays free and no private rows are left behind.
            await state.ClearStateAsync();
            state.State = new PaymentListState();
        }
        else if (result.Accepted && !state.State.Logged)
        {
            state.State.Logged = true;
            await state.WriteStateAsync();
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> VetAsync(Actor actor, string[]? approved, RowRefusal[] refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (state.State.Sha256 is null || state.State.Budget is null)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownPaymentList, $"The program '{Program}' has no payment list '{List}' waiting for vetting.");
        }

        if (refused.FirstOrDefault(r => !RowRefusalReasons.IsKnown(r.Reason)) is { } unknownReason)
        {
            return LedgerResult.Rejected(
                RejectionCode.InvalidRequest, $"'{unknownReason.Reason}' is not a reason code; use one of {string.Join(", ", RowRefusalReasons.All)} (by name).");
        }

        HashSet<string> rows = new(state.State.Rows.Select(r => r.Command.DisbursementId), StringComparer.Ordinal);
        HashSet<string> refusedRows = new(StringComparer.Ordinal);
        foreach (RowRefusal refusal in refused)
        {
            if (!refusedRows.Add(refusal.Row))
            {
                return LedgerResult.Rejected(RejectionCode.InvalidRequest, $"The row '{refusal.Row}' is refused twice.");
            }
        }

        string[] approvedRows = approved ?? [.. rows.Where(r => !refusedRows.Contains(r))];
        if (approvedRows.Concat(refusedRows).FirstOrDefault(r => !rows.Contains(r)) is { } unknownRow)
        {
            return LedgerResult.Rejected(RejectionCode.RowNotInList, $"The list '{List}' has no row '{unknownRow}'.");
        }

        if (approvedRows.FirstOrDefault(refusedRows.Contains) is { } both || approvedRows.Length != approvedRows.Distinct(StringComparer.Ordinal).Count())
        {
            return LedgerResult.Rejected(RejectionCode.InvalidRequest, "A row is approved twice, or both approved and refused.");
        }

        if (approvedRows.Length + refusedRows.Count != rows.Count)
        {
            return LedgerResult.Rejected(RejectionCode.RowNotInList, $"The list '{List}' has {rows.Count} rows; approve or refuse every one of them.");
        }

        LedgerResult result = await GrainFactory.GetGrain<IBudgetVettingGrain>(state.State.Budget).VetPaymentListAsync(
            actor, new VetPaymentListCommand(Program, List, approvedRows, refused));
        if (result.Accepted)
        {
            await PayIfVettedAsync();
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<PaymentListView?> GetAsync()
    {
        if (state.State.Sha256 is null || state.State.Budget is null)
        {
            return null;
        }

        PaymentListLogView? logged = await PayIfVettedAsync();
        PaymentListRowResult[] results = state.State.Results ?? [.. state.State.Rows.Select((row, i) => new PaymentListRowResult(
            i + 1, row.Command.DisbursementId, logged?.Status == "expired" ? "expired" : "waiting", null, null, null, null))];
        string status = logged is null ? "submitting" : state.State.Results is not null ? "paid" : logged.Status;
        return new PaymentListView(
            Program, List, state.State.Budget, status, state.State.Sha256, state.State.Rows.Length, logged?.Currency ?? string.Empty,
            state.State.Total ?? string.Empty, logged?.ExpiresAt, logged?.Vetter, results);
    }

    /// <inheritdoc/>
    public async Task<PaymentListRowsView> GetRowsAsync(Actor actor)
    {
        if (state.State.Sha256 is null || state.State.Budget is null)
        {
            return new PaymentListRowsView(false, []);
        }

        bool allowed = actor.IsAdmin || actor.Principal == state.State.Agency
            || (await GrainFactory.GetGrain<IBudgetVettingGrain>(state.State.Budget).GetVettingAsync())?.Vetters.Contains(actor.Principal, StringComparer.Ordinal) == true;
        return allowed ? new PaymentListRowsView(true, state.State.Rows) : new PaymentListRowsView(false, []);
    }

    /// <summary>Once the vetting is in the log, pays the approved rows (once; again after a crash, which pays nothing twice) and keeps every row's result.</summary>
    private async Task<PaymentListLogView?> PayIfVettedAsync()
    {
        PaymentListLogView? logged = await GrainFactory.GetGrain<IBudgetVettingGrain>(state.State.Budget!).GetPaymentListAsync(Program, List);
        if (logged is null || logged.Status != "vetted" || state.State.Results is not null || logged.Sha256 != state.State.Sha256)
        {
            return logged;
        }

        HashSet<string> approved = new(logged.Approved, StringComparer.Ordinal);
        Dictionary<string, string> refused = logged.Refused.ToDictionary(r => r.Row, r => r.Reason, StringComparer.Ordinal);
        VettingRow[] rows = state.State.Rows;
        int[] toPay = [.. Enumerable.Range(0, rows.Length).Where(i => approved.Contains(rows[i].Command.DisbursementId))];
        LedgerResult[] paid = toPay.Length == 0
            ? []
            : await GrainFactory.GetGrain<IBeneficiaryProgramGrain>(Program).DisburseManyAsync(
                new Actor(logged.Agency, IsAdmin: false), [.. toPay.Select(i => rows[i].Command)]);
        var results = new PaymentListRowResult[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            string id = rows[i].Command.DisbursementId;
            results[i] = refused.TryGetValue(id, out string? reason)
                ? new PaymentListRowResult(i + 1, id, "refused", null, reason, $"refused by the vetting body {logged.Vetter}", null)
                : new PaymentListRowResult(i + 1, id, "rejected", null, RejectionCode.RowNotInList, "not named by the vetting", null);
        }

        for (int k = 0; k < toPay.Length; k++)
        {
            LedgerResult result = paid[k];
            string id = rows[toPay[k]].Command.DisbursementId;
            results[toPay[k]] = result.Accepted
                ? new PaymentListRowResult(toPay[k] + 1, id, "accepted", result.LeafIndex, null, null, result.EntryId)
                : new PaymentListRowResult(toPay[k] + 1, id, "rejected", null, result.RejectionCode, result.Message, null);
        }

        // A row refused only because its result is not known yet (the log not answering) is left for the next look.
        if (!paid.Any(r => r.RejectionCode == LedgerResult.NotLogged))
        {
            state.State.Results = results;
            await state.WriteStateAsync();
        }

        return logged;
    }

    private static Money TotalOf(VettingRow[] rows, Currency currency)
    {
        long units = 0;
        foreach (VettingRow row in rows)
        {
            Money amount = row.Command.Amount.In(currency);
            units = checked(units + amount.MinorUnits);
        }

        return new Money(currency, units);
    }
}
