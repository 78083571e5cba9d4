using Orleans.Concurrency;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Batching;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Counterparties;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Licences;
using DomainMoney = OversightLedger.Domain.Money.Money;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// A beneficiary program and the disbursement flow, with the log as the commit point:
/// validate → reserve on the budget → append <c>Disbursed</c> (batched with every other row and caller)
/// → commit on the program and the budget → receipt. A single disbursement is a payment list of one row,
/// so both go through the same path. Each row is idempotent by its id: a replay returns the same entry
/// and leaf, a concurrent duplicate waits for the first. State is rebuilt from the log on activation.
/// </summary>
[Reentrant]
public sealed partial class BeneficiaryProgramGrain(LedgerLog log, TimeProvider time, GrainReferenceCache grains) : Grain, IBeneficiaryProgramGrain
{
    private const string DefaultModality = "cash";

    /// <summary>
    /// Group commit of the program's rows: rows from concurrent calls (single disbursements from many clients, payment
    /// lists) that arrive while earlier batches are on their way to the log wait in the queue and go together in the
    /// next batch, so a row costs one share of a budget reservation, a log append and a budget commit instead of three
    /// grain calls of its own. Up to 4 batches run at once, so one batch reserves while the one before it is being made
    /// durable; a batch holds at most 10,000 rows.
    /// </summary>
    private static readonly GroupCommitLimits BatchLimits = new() { MaxBatchSize = 10_000, MaxBatchesInFlight = 4 };

    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Dictionary<string, Row> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _budgetPurposes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _budgetCountries = new(StringComparer.Ordinal);
    private GroupCommitQueue<Row, LedgerResult>? _rows;
    private BeneficiaryProgram _program = null!;

    private GroupCommitQueue<Row, LedgerResult> Rows => _rows ??= new(CommitBatchAsync, BatchLimits, ForgetInFlight, time);

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _program = await RestoreAsync(this.GetPrimaryKeyString());
        CloseOldPeriodsInBackground();
        if (_program.BaseDigest is null)
        {
            // After a replay of a large history, a base before the first snapshot. A program restored on a base writes its
            // next one after a snapshot instead: not now, while its first command waits (a 100 MB base at 10M entries
            // stalled the thread pool for 1.7 s behind the first disbursement after a restart).
            WriteBaseInBackground(_program);
        }
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> OpenAsync(Actor actor, OpenProgramCommand command)
    {
        await _commands.WaitAsync();
        try
        {
            Decision<ProgramOpened> decision;
            try
            {
                var currency = Domain.Money.Currency.Parse(command.Currency);
                if (!PaymentPeriod.TryParseKind(command.Period, out CapPeriod period))
                {
                    return LedgerResult.Rejected(RejectionCode.InvalidPeriod, $"The period must be 'month' or 'quarter', not '{command.Period}'.");
                }

                decision = _program.DecideOpen(command.EntryId, time.GetUtcNow(), actor.Principal, command.CapPerPeriod.In(currency), period);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return LedgerResults.Invalid(e);
            }

            return await AppendDecisionAsync(decision);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> EnrollAsync(Actor actor, EnrollCommand command)
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        await _commands.WaitAsync();
        try
        {
            // An enrolment the program applied long ago is kept as its pseudonym only: read back from the log first (R7).
            await RecallEnrolmentAsync(command.EntryId);
            Decision<BeneficiaryEnrolled> decision;
            try
            {
                decision = _program.DecideEnroll(command.EntryId, time.GetUtcNow(), BeneficiaryPseudonym.Parse(command.Beneficiary));
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return LedgerResults.Invalid(e);
            }

            return await AppendDecisionAsync(decision);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<LedgerResult> DisburseAsync(Actor actor, DisburseCommand command) =>
        (await DisburseManyAsync(actor, [command]))[0];

    /// <inheritdoc/>
    public async Task<LedgerResult[]> DisburseManyAsync(Actor actor, DisburseCommand[] commands)
    {
        var results = new LedgerResult[commands.Length];
        if (Refusal(actor) is { } refusal)
        {
            Array.Fill(results, refusal);
            return results;
        }

        // Ids the program may have committed long ago are read back from the log first (issue 17, item 2); the loop
        // below then runs without an await. What the program holds of the ids is noted before the reads: a snapshot
        // taken while they await lets go of held facts, and a repeated id must still get its receipt, not the log's
        // refusal of a second entry under it.
        string[] entryIds = [.. commands.Select(c => EntryIds.Disbursement(_program.ProgramId, c.DisbursementId))];
        Dictionary<string, (Disbursed Entry, ulong LeafIndex)> known = HeldDisbursements(entryIds);
        foreach ((Disbursed entry, ulong leaf) in await RecallAsync(_program, entryIds))
        {
            known.TryAdd(entry.Id, (entry, leaf));
        }

        var mine = new List<Row>(commands.Length);
        var waits = new List<(int Index, Row Running)>();
        for (int i = 0; i < commands.Length; i++)
        {
            DisburseCommand command = commands[i];
            string entryId = entryIds[i];
            if (_inFlight.TryGetValue(entryId, out Row? running))
            {
                waits.Add((i, running)); // earlier in this call, or in flight from another
                continue;
            }

            if ((_program.FindDisbursement(entryId) is { } held ? (held.Entry, held.LeafIndex) : known.GetValueOrDefault(entryId)) is { Entry: not null } recorded)
            {
                results[i] = SameRequest(recorded.Entry, command)
                    ? LedgerResult.Recorded(recorded.Entry.Id, recorded.LeafIndex, recorded.Entry.ToCanonicalJson())
                    : LedgerResult.Rejected(RejectionCode.Duplicate, $"The disbursement id '{command.DisbursementId}' was used for another disbursement.");
                continue;
            }

            var row = new Row(i, command, entryId);
            _inFlight.Add(entryId, row);
            mine.Add(row);
        }

        Task<LedgerResult>[] pending = mine.Count > 0 ? Rows.AddRange(mine) : [];
        for (int r = 0; r < mine.Count; r++)
        {
            mine[r].Pending = pending[r];
        }

        for (int r = 0; r < mine.Count; r++)
        {
            results[mine[r].Index] = await pending[r];
        }

        foreach ((int index, Row running) in waits)
        {
            results[index] = SameResult(await running.Pending!, commands[index]);
        }

        return results;
    }

    /// <summary>
    /// Commits one batch of <see cref="Rows"/>. Answers go out only when it returns, when every side effect of the batch
    /// is done (a refused row's budget reservation released, an accepted row committed on its budget), so a caller never
    /// sees a result ahead of its effects; a row left without a result gets the batch's failure (the append failed or is
    /// in doubt, a retry with the same id settles it).
    /// </summary>
    private async Task CommitBatchAsync(IReadOnlyList<Row> batch, LedgerResult?[] results)
    {
        try
        {
            await ProcessAsync([.. batch], time.GetUtcNow(), checkLogFirst: false);
        }
        finally
        {
            for (int i = 0; i < batch.Count; i++)
            {
                results[i] = batch[i].Result;
            }

            CountForSnapshot(batch.Count);
            CloseOldPeriodsInBackground();
        }
    }

    /// <inheritdoc/>
    public Task<ProgramView?> GetAsync() => Task.FromResult(_program.IsOpen
        ? new ProgramView(
            _program.ProgramId,
            _program.Agency,
            _program.Currency.Code,
            _program.CapPerPeriod.ToDecimalString(),
            PaymentPeriod.ToText(_program.CapPeriod),
            _program.Beneficiaries.Count,
            (int)_program.DisbursementCount,
            _program.Disbursed.ToDecimalString())
        : null);

    /// <summary>
    /// Reserve every row on its budget, decide caps, log all accepted rows in one append, then commit. A row's entry id is
    /// the agency's id scoped to this program (<see cref="EntryIds.Disbursement"/>), so no other program or act can hold
    /// it; but an id this program does not know may still be in the log (an append of ours that timed out but landed).
    /// Looking each id up first costs a grain call per row, so the first pass does not: the sequencer refuses the whole
    /// append, before queuing any of it, when an id holds a different entry, and then the rows are released and run again
    /// with the lookup (<paramref name="checkLogFirst"/>), which settles such rows from the log's entry.
    /// </summary>
    private async Task ProcessAsync(List<Row> rows, DateTimeOffset now, bool checkLogFirst)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // 1. Drafts: defaults filled in, malformed rows refused before any money is held.
        ulong?[] logged = checkLogFirst
            ? await Task.WhenAll(rows.Select(row => log.FindAsync(row.EntryId)))
            : new ulong?[rows.Count];
        var drafted = new List<(Row Row, DisbursementDraft Draft)>(rows.Count);
        Dictionary<string, CounterpartyPaymentCheck> counterparties = await CheckCounterpartiesAsync(rows);
        for (int r = 0; r < rows.Count; r++)
        {
            Row row = rows[r];
            if (logged[r] is { } leaf)
            {
                Finish(row, await AlreadyLoggedAsync(row.Command, leaf));
                continue;
            }

            if (row.Command.Counterparty is { } counterparty && counterparties[counterparty] is { Allowed: false } refusal)
            {
                Finish(row, LedgerResult.Rejected(refusal.RejectionCode!, refusal.Message!));
                continue;
            }

            string? purpose = await BudgetPurposeAsync(row.Command.Budget);
            if (purpose is null)
            {
                Finish(row, LedgerResult.Rejected(RejectionCode.UnknownBudget, $"There is no budget '{row.Command.Budget}'."));
                continue;
            }

            DisburseCommand c = row.Command;
            drafted.Add((row, new DisbursementDraft(
                row.EntryId, _program.ProgramId, _program.Agency, c.Budget, c.Tranche, c.Beneficiary, c.Amount, _program.Currency.Code,
                c.Sector ?? purpose, c.Modality ?? DefaultModality, c.Period ?? PaymentPeriod.Of(_program.CapPeriod, now), c.Counterparty)));
        }

        // 1b. The licence rule (DESIGN §5.10): one call for the whole batch, before any money is held.
        drafted = await CheckLicencesAsync(drafted, counterparties, now);

        // 2. Reserve on each budget (one call per budget), then decide the program's own rules.
        var decided = new List<(Row Row, string Budget, Disbursed Entry)>(drafted.Count);
        foreach (IGrouping<string, (Row Row, DisbursementDraft Draft)> group in drafted.GroupBy(d => d.Draft.Budget, StringComparer.Ordinal))
        {
            IReliefBudgetGrain budget = Budget(group.Key);
            (Row Row, DisbursementDraft Draft)[] items = [.. group];
            ReservationOutcome[] outcomes = await budget.ReserveManyAsync([.. items.Select(i => i.Draft)], now);
            var released = new List<string>();
            for (int i = 0; i < items.Length; i++)
            {
                (Row row, DisbursementDraft draft) = items[i];
                ReservationOutcome outcome = outcomes[i];
                if (!outcome.IsReserved)
                {
                    Finish(row, LedgerResult.Rejected(outcome.RejectionCode!, outcome.Message!));
                    continue;
                }

                if (_program.MustRecallDisbursement(draft.DisbursementId) || _program.MustReopenPeriod(draft.Period))
                {
                    await PrepareAsync(_program, [draft.DisbursementId], [draft.Period]); // no await from here to the decision
                }

                Decision<Disbursed> decision;
                try
                {
                    var request = new DisbursementRequest(
                        draft.DisbursementId, draft.Program, draft.Agency, draft.Budget, outcome.Tranche, BeneficiaryPseudonym.Parse(draft.Beneficiary),
                        draft.Amount.In(_program.Currency), draft.Sector, draft.Modality, draft.Period, draft.Counterparty);
                    decision = _program.DecideDisbursement(request, outcome.Tranche!, now);
                }
                catch (Exception e) when (e is ArgumentException or FormatException)
                {
                    decision = Decision<Disbursed>.Reject(RejectionCode.InvalidRequest, e.Message);
                }

                if (decision.Outcome == DecisionOutcome.Rejected)
                {
                    released.Add(draft.DisbursementId);
                    Finish(row, LedgerResults.From(decision.Rejection!));
                }
                else if (decision.Outcome == DecisionOutcome.AlreadyRecorded || outcome.AlreadyCommitted)
                {
                    if (await log.FindAsync(draft.DisbursementId) is { } leaf)
                    {
                        Finish(row, LedgerResult.Recorded(draft.DisbursementId, leaf, decision.Entry?.ToCanonicalJson() ?? await log.ReadAsync(leaf)));
                    }
                    else
                    {
                        // Recorded by the budget or the program, yet not in the log: never answer with a leaf it may not have.
                        if (decision.Outcome == DecisionOutcome.Append)
                        {
                            _program.Release(draft.DisbursementId);
                        }

                        Finish(row, LedgerResults.NotLogged(draft.DisbursementId));
                    }
                }
                else
                {
                    decided.Add((row, group.Key, decision.Entry!));
                }
            }

            if (released.Count > 0)
            {
                await budget.ReleaseManyAsync([.. released]);
            }
        }

        if (decided.Count == 0)
        {
            return;
        }

        // 3. The commit point: one durable append for every accepted row.
        byte[][] entries = [.. decided.Select(d => d.Entry.ToCanonicalJson())];
        LogAppendReceipt[] receipts;
        try
        {
            receipts = await log.AppendManyAsync(entries);
        }
        catch (EntryIdTakenException)
        {
            // Refused as a whole before anything was queued: nothing of this call can land. Release it all, then
            // settle the rows again, this time looking each id up in the log first.
            foreach (IGrouping<string, (Row Row, string Budget, Disbursed Entry)> group in decided.GroupBy(d => d.Budget, StringComparer.Ordinal))
            {
                foreach ((_, _, Disbursed entry) in group)
                {
                    _program.Release(entry.Id);
                }

                await Budget(group.Key).ReleaseManyAsync([.. group.Select(g => g.Entry.Id)]);
            }

            if (checkLogFirst)
            {
                throw;
            }

            await ProcessAsync([.. decided.Select(d => d.Row)], now, checkLogFirst: true);
            return;
        }
        catch
        {
            await SettleAfterFailedAppendAsync(decided, entries);
            throw;
        }

        // 4. Commit: the program now, each budget in one call; then answer every row.
        for (int i = 0; i < decided.Count; i++)
        {
            _program.Apply(decided[i].Entry, receipts[i].LeafIndex);
        }

        foreach (IGrouping<string, int> group in Enumerable.Range(0, decided.Count).GroupBy(i => decided[i].Budget, StringComparer.Ordinal))
        {
            await Budget(group.Key).CommitManyAsync([.. group.Select(i => entries[i])], [.. group.Select(i => receipts[i].LeafIndex)]);
        }

        for (int i = 0; i < decided.Count; i++)
        {
            Finish(decided[i].Row, LedgerResult.Recorded(decided[i].Entry.Id, receipts[i].LeafIndex, entries[i]));
        }
    }

    /// <summary>
    /// After an append that failed (or timed out), whatever of it reached the log is committed on the program
    /// and its budget, and a row whose id turned out to hold another entry is released everywhere. For a row
    /// in doubt the program drops its cap reservation, but the budget's reservation is left to the budget's
    /// reconciler, which commits or releases it once the log is settled: a timed-out append may still land,
    /// and money released too early could be spent twice.
    /// </summary>
    private async Task SettleAfterFailedAppendAsync(List<(Row Row, string Budget, Disbursed Entry)> decided, byte[][] entries)
    {
        var landed = new List<int>();
        var landedAt = new Dictionary<int, ulong>();
        var refused = new List<int>();
        for (int i = 0; i < decided.Count; i++)
        {
            ulong? leaf = null;
            byte[]? logged = null;
            try
            {
                leaf = await log.FindAsync(decided[i].Entry.Id);
                logged = leaf is { } index ? await log.ReadAsync(index) : null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The log is unreachable: treat the row as in doubt; the budget's reconciler will settle it.
            }

            if (leaf is { } found && logged is not null && logged.AsSpan().SequenceEqual(entries[i]))
            {
                _program.Apply(decided[i].Entry, found);
                landed.Add(i);
                landedAt[i] = found;
            }
            else
            {
                _program.Release(decided[i].Entry.Id);
                if (logged is not null)
                {
                    refused.Add(i); // the id holds someone else's entry: ours can never land
                }
            }
        }

        foreach (IGrouping<string, int> group in landed.GroupBy(i => decided[i].Budget, StringComparer.Ordinal))
        {
            await Budget(group.Key).CommitManyAsync([.. group.Select(i => entries[i])], [.. group.Select(i => landedAt[i])]);
        }

        foreach (IGrouping<string, int> group in refused.GroupBy(i => decided[i].Budget, StringComparer.Ordinal))
        {
            await Budget(group.Key).ReleaseManyAsync([.. group.Select(i => decided[i].Entry.Id)]);
        }
    }

    /// <summary>Settles a row; its caller gets the result when the whole batch is done (see <see cref="CommitBatchAsync"/>).</summary>
    private static void Finish(Row row, LedgerResult result) => row.Result ??= result;

    /// <summary>Removes the row's id from the in-flight table only if it is still this row's (a later call may hold it now).</summary>
    private void ForgetInFlight(Row row)
    {
        if (_inFlight.TryGetValue(row.EntryId, out Row? running) && running == row)
        {
            _inFlight.Remove(row.EntryId);
        }
    }

    /// <summary>
    /// Whether the program's agency may pay each counterparty the rows name (DESIGN §5.10): one call per counterparty,
    /// before any money is reserved, so a refused row holds nothing.
    /// </summary>
    private async Task<Dictionary<string, CounterpartyPaymentCheck>> CheckCounterpartiesAsync(List<Row> rows)
    {
        var checks = new Dictionary<string, CounterpartyPaymentCheck>(StringComparer.Ordinal);
        foreach (string counterparty in rows.Select(r => r.Command.Counterparty).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            checks[counterparty] = await grains.Get<ICounterpartyGrain>(counterparty).CheckPaymentAsync(_program.Agency);
        }

        return checks;
    }

    /// <summary>
    /// The licence rule for the drafted rows: a row into a sanctioned jurisdiction outside every licence in force attached to
    /// its budget is refused (<c>unlicensed</c>); the rows that may go on are returned.
    /// </summary>
    private async Task<List<(Row Row, DisbursementDraft Draft)>> CheckLicencesAsync(
        List<(Row Row, DisbursementDraft Draft)> drafted, Dictionary<string, CounterpartyPaymentCheck> counterparties, DateTimeOffset now)
    {
        if (drafted.Count == 0)
        {
            return drafted;
        }

        LicenceCheck[] checks = [.. drafted.Select(d => new LicenceCheck(
            d.Draft.Budget, _budgetCountries[d.Draft.Budget], d.Draft.Sector, d.Draft.Counterparty, d.Draft.Counterparty is { } c ? counterparties[c].Kind : null,
            d.Draft.Counterparty is { } h ? counterparties[h].HitList : null))];
        LicenceCheckOutcome[] outcomes = await grains.Get<ILicenceRegistryGrain>(LicenceRegistryKeys.Ledger).CheckAsync(checks, now);
        var allowed = new List<(Row Row, DisbursementDraft Draft)>(drafted.Count);
        for (int i = 0; i < drafted.Count; i++)
        {
            if (outcomes[i].Allowed)
            {
                allowed.Add(drafted[i]);
            }
            else
            {
                Finish(drafted[i].Row, LedgerResult.Rejected(outcomes[i].RejectionCode!, outcomes[i].Message!));
            }
        }

        return allowed;
    }

    private async Task<string?> BudgetPurposeAsync(string budgetId)
    {
        if (_budgetPurposes.TryGetValue(budgetId, out string? purpose))
        {
            return purpose;
        }

        BudgetView? view = await Budget(budgetId).GetAsync();
        if (view is not null)
        {
            _budgetPurposes[budgetId] = view.Purpose;
            _budgetCountries[budgetId] = view.Country;
        }

        return view?.Purpose;
    }

    private IReliefBudgetGrain Budget(string budgetId) => grains.Get<IReliefBudgetGrain>(budgetId);

    private LedgerResult? Refusal(Actor actor)
    {
        if (!_program.IsOpen)
        {
            return LedgerResult.Rejected(RejectionCode.UnknownProgram, $"There is no program '{_program.ProgramId}'.");
        }

        return actor.IsAdmin || _program.Agency == actor.Principal ? null : LedgerResults.NotOwner("program", _program.ProgramId);
    }

    /// <summary>
    /// A row whose id the log already has but the program does not know: this program's own disbursement (logged by
    /// a call that failed before it could commit; the program and budget catch up with the log) is replayed; an entry
    /// of another program, or of any other kind, makes the id a duplicate. The log is never asked to append it.
    /// </summary>
    private async Task<LedgerResult> AlreadyLoggedAsync(DisburseCommand command, ulong leaf)
    {
        byte[] bytes = await log.ReadAsync(leaf);
        if (!LedgerEntryParser.TryParse(bytes, out LedgerEntry? parsed, out _) || parsed is not Disbursed entry || entry.Program != _program.ProgramId)
        {
            return LedgerResult.Rejected(RejectionCode.Duplicate, $"The disbursement id '{command.DisbursementId}' is already used by another entry of the log.");
        }

        await PrepareAsync(_program, [], [entry.Period]); // a payment for a closed period: its totals come back first
        if (!_program.IsDisbursementApplied(entry, leaf))
        {
            _program.Apply(entry, leaf);
            await Budget(entry.Budget).CommitAsync(bytes, leaf);
        }

        return SameRequest(entry, command)
            ? LedgerResult.Recorded(entry.Id, leaf, bytes)
            : LedgerResult.Rejected(RejectionCode.Duplicate, $"The disbursement id '{command.DisbursementId}' was used for another disbursement.");
    }

    /// <summary>
    /// What a row that waited for a concurrent row with the same id gets: the same result when it is the same
    /// request, <c>duplicate</c> when it is a different one (the id is taken; its money is not this row's).
    /// </summary>
    private static LedgerResult SameResult(LedgerResult first, DisburseCommand command) =>
        first.Accepted && LedgerEntryParser.Parse(first.Entry!) is Disbursed entry && !SameRequest(entry, command)
            ? LedgerResult.Rejected(RejectionCode.Duplicate, $"The disbursement id '{command.DisbursementId}' was used for another disbursement.")
            : first;

    private static bool SameRequest(Disbursed entry, DisburseCommand command) =>
        entry.Budget == command.Budget
        && entry.Beneficiary.Value == command.Beneficiary
        && (command.Tranche is null || command.Tranche == entry.Tranche)
        && (command.Sector is null || command.Sector == entry.Sector)
        && (command.Modality is null || command.Modality == entry.Modality)
        && (command.Period is null || command.Period == entry.Period)
        && command.Amount.TryIn(entry.Amount.Currency, out DomainMoney? amount) && amount == entry.Amount;

    private async Task<LedgerResult> AppendDecisionAsync<TEntry>(Decision<TEntry> decision)
        where TEntry : LedgerEntry
    {
        LedgerResult result = await LedgerResults.AppendAsync(log, decision, (entry, leaf) => _program.Apply(entry, leaf));
        CloseOldPeriodsInBackground();
        return result;
    }

    /// <summary>Reads back from the log the enrolment under <paramref name="entryId"/>, when the program may have applied one and does not keep it.</summary>
    private async Task RecallEnrolmentAsync(string? entryId)
    {
        if (entryId is null || !_program.MustRecallEntry(entryId) || await log.FindAsync(entryId) is not { } leaf)
        {
            return;
        }

        if (LedgerEntryParser.TryParse(await log.ReadAsync(leaf), out LedgerEntry? entry, out _) && entry is BeneficiaryEnrolled enrolled && enrolled.Id == entryId)
        {
            _program.RecallEnrolment(enrolled);
        }
    }

    private sealed class Row(int index, DisburseCommand command, string entryId)
    {
        public int Index { get; } = index;

        public DisburseCommand Command { get; } = command;

        /// <summary>The entry id of the row's disbursement: the agency's id scoped to the program (<see cref="EntryIds.Disbursement"/>).</summary>
        public string EntryId { get; } = entryId;

        /// <summary>The row's answer from <see cref="Rows"/>, which calls with the same id while it is in flight wait for too.</summary>
        public Task<LedgerResult>? Pending { get; set; }

        /// <summary>The row's result once settled, published to its caller at the end of its batch.</summary>
        public LedgerResult? Result { get; set; }
    }
}
