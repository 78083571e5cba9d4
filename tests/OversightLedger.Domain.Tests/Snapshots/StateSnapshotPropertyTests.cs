using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Snapshots;

using OversightLedger.Domain.Money;

/// <summary>
/// Issue 17: restoring a budget or a program from a snapshot taken after N entries and replaying the rest of the log
/// gives the state a full replay of the log gives, for random histories (disbursements over two tranches, three
/// beneficiaries and two periods, partial and full reversals, deliveries, freezes, exemptions, funds, enrolments), and
/// whatever earlier position the replay resumes from (entries the snapshot already holds are not applied twice).
/// </summary>
public class StateSnapshotPropertyTests
{
    private static readonly BeneficiaryPseudonym[] People = [Samples.Alice, Samples.Bob, Samples.Carol];

    [Property(MaxTest = 200)]
    public void RestoringFromASnapshotThenReplayingTheRestEqualsAFullReplay((byte Operation, byte Pick, ushort Amount)[] operations, byte split, byte overlap)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        int taken = split % (log.Count + 1);
        int resumeFrom = taken - (overlap % (taken + 1));

        ReliefBudget fullBudget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log).Budgets[LedgerScenario.BudgetId];
        BeneficiaryProgram fullProgram = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];

        LedgerReplay prefixBudget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log.Take(taken));
        LedgerReplay prefixProgram = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log.Take(taken));
        ReliefBudget restoredBudget = prefixBudget.Budgets.TryGetValue(LedgerScenario.BudgetId, out ReliefBudget? b)
            ? ReliefBudget.FromSnapshot(LedgerScenario.BudgetId, b.ToSnapshot())
            : new ReliefBudget(LedgerScenario.BudgetId);
        BeneficiaryProgram restoredProgram = prefixProgram.Programs.TryGetValue(LedgerScenario.ProgramId, out BeneficiaryProgram? p)
            ? BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, p.ToSnapshot())
            : new BeneficiaryProgram(LedgerScenario.ProgramId);

        ReliefBudget resumedBudget = LedgerReplay.ForBudget(restoredBudget).ApplyAll(log.Skip(resumeFrom)).Budgets.GetValueOrDefault(LedgerScenario.BudgetId) ?? restoredBudget;
        BeneficiaryProgram resumedProgram = LedgerReplay.ForProgram(restoredProgram).ApplyAll(log.Skip(resumeFrom)).Programs.GetValueOrDefault(LedgerScenario.ProgramId) ?? restoredProgram;

        Assert.Equal(Describe(fullBudget), Describe(resumedBudget));
        Assert.Equal(Describe(fullProgram), Describe(resumedProgram));
        Assert.Equal(fullBudget.ToSnapshot(), resumedBudget.ToSnapshot());
        Assert.Equal(fullProgram.ToSnapshot(), resumedProgram.ToSnapshot());
    }

    [Property(MaxTest = 50)]
    public void TheSameDecisionsFollowARestoreAsAFullReplay((byte Operation, byte Pick, ushort Amount)[] operations)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        ReliefBudget fullBudget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log).Budgets[LedgerScenario.BudgetId];
        BeneficiaryProgram fullProgram = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];
        ReliefBudget restoredBudget = ReliefBudget.FromSnapshot(LedgerScenario.BudgetId, fullBudget.ToSnapshot());
        BeneficiaryProgram restoredProgram = BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, fullProgram.ToSnapshot());

        // Every id of the log is recognised (R7) and a new payment meets the same cap and funds.
        foreach ((ulong _, byte[] bytes) in log)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(bytes);
            Assert.Equal(fullBudget.FindEntry(entry.Id)?.ToCanonicalJson(), restoredBudget.FindEntry(entry.Id)?.ToCanonicalJson());
            Assert.Equal(fullProgram.FindEntry(entry.Id)?.ToCanonicalJson(), restoredProgram.FindEntry(entry.Id)?.ToCanonicalJson());
        }

        foreach (BeneficiaryPseudonym person in People)
        {
            var request = new DisbursementRequest(
                "probe", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, person, Samples.Eur("150"), "72010", "cash", "2026-11", null);
            Assert.Equal(Outcome(fullBudget, fullProgram, request), Outcome(restoredBudget, restoredProgram, request));
        }
    }

    /// <summary>
    /// Issue 17, item 2: the budget as its grain holds it (log-backed: an id filter, the disbursements applied since the
    /// snapshot, and those recalled from the log), snapshotted at a position below what it has applied, restored, with the
    /// disbursements the rest of the log names recalled first and the rest replayed, equals a full replay: the same sums per
    /// tranche, the same entries by id, the same reversed amounts, and the same next decisions (a replayed id included).
    /// </summary>
    [Property(MaxTest = 200)]
    public void A_log_backed_budget_restored_from_its_snapshot_then_the_rest_replayed_equals_a_full_replay(
        (byte Operation, byte Pick, ushort Amount)[] operations, byte split, byte ahead)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        int taken = split % (log.Count + 1);
        int applied = taken + (ahead % (log.Count - taken + 1));
        ReliefBudget full = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log).Budgets[LedgerScenario.BudgetId];
        BeneficiaryProgram program = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];

        // The grain: applied up to `applied`, a snapshot at `taken` (entries after it are written as held), nothing below it held then.
        ReliefBudget before = ReplayedLogBacked(ReliefBudget.LogBacked(LedgerScenario.BudgetId), log.Take(applied));
        before.MarkAppliedBelow((ulong)taken);
        byte[] snapshot = before.ToSnapshot((ulong)taken);
        before.ForgetDisbursementsBefore((ulong)taken);
        Assert.Equal(before.DisbursementCount - CountDisbursed(log.Take(taken)), before.HeldDisbursements);

        ReliefBudget restored = ReliefBudget.FromLogBackedSnapshot(LedgerScenario.BudgetId, snapshot);
        restored.MarkAppliedBelow((ulong)taken);
        foreach ((_, byte[] bytes) in log.Skip(taken))
        {
            switch (LedgerEntryParser.Parse(bytes))
            {
                case Reversed reversed:
                    Recall(restored, log, reversed.Disbursement);
                    break;
                case Delivered delivered:
                    Recall(restored, log, delivered.Disbursement);
                    break;
            }
        }

        ReliefBudget resumed = ReplayedLogBacked(restored, log.Skip(taken));
        resumed.MarkAppliedBelow((ulong)log.Count);
        resumed.ForgetDisbursementsBefore((ulong)log.Count);

        Assert.Equal(Describe(full), Describe(resumed));
        Assert.Equal(CountDisbursed(log), resumed.DisbursementCount);
        Assert.True(resumed.HeldDisbursements <= LogBackedRecalledAtMost, $"{resumed.HeldDisbursements} held");
        foreach ((ulong leaf, byte[] bytes) in log)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(bytes);
            Assert.True(resumed.HasApplied(entry) || resumed.MustRecallDisbursement(entry.Id), entry.Id);
            Recall(resumed, log, entry.Id);
            Assert.Equal(full.FindEntry(entry.Id)?.ToCanonicalJson(), resumed.FindEntry(entry.Id)?.ToCanonicalJson());
            if (entry is Disbursed disbursed)
            {
                Assert.True(resumed.IsDisbursementApplied(disbursed, leaf));
                Assert.Equal(full.ReversedOf(entry.Id), resumed.ReversedOf(entry.Id));
            }
        }

        foreach (BeneficiaryPseudonym person in People)
        {
            var request = new DisbursementRequest(
                "probe", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, person, Samples.Eur("150"), "72010", "cash", "2026-11", null);
            Assert.Equal(Outcome(full, program, request), Outcome(resumed, program, request));
        }

        // The snapshot of the resumed state, restored once more, still sums the same.
        Assert.Equal(Describe(full), Describe(ReliefBudget.FromLogBackedSnapshot(LedgerScenario.BudgetId, resumed.ToSnapshot((ulong)log.Count))));
    }

    /// <summary>A disbursement committed long before, recalled from the log, is answered as committed (same tranche), and a changed request with its id is a duplicate.</summary>
    [Property(MaxTest = 50)]
    public void A_log_backed_budget_answers_a_replayed_id_from_before_its_snapshot_once_recalled((byte Operation, byte Pick, ushort Amount)[] operations)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        ReliefBudget full = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(log).Budgets[LedgerScenario.BudgetId];
        ReliefBudget budget = ReplayedLogBacked(ReliefBudget.LogBacked(LedgerScenario.BudgetId), log);
        budget.MarkAppliedBelow((ulong)log.Count);
        budget = ReliefBudget.FromLogBackedSnapshot(LedgerScenario.BudgetId, budget.ToSnapshot((ulong)log.Count));
        budget.MarkAppliedBelow((ulong)log.Count);
        Assert.Equal(0, budget.HeldDisbursements);
        foreach (Disbursed disbursed in log.Select(l => LedgerEntryParser.Parse(l.Entry)).OfType<Disbursed>())
        {
            var request = new DisbursementRequest(
                disbursed.Id, disbursed.Program, LedgerScenario.Agency, disbursed.Budget, null, disbursed.Beneficiary, disbursed.Amount, disbursed.Sector, disbursed.Modality,
                disbursed.Period, disbursed.Counterparty);
            Assert.True(budget.MustRecallDisbursement(disbursed.Id));
            Recall(budget, log, disbursed.Id);
            TrancheReservation replayed = budget.TryReserve(request, Samples.Noon);
            Assert.Equal((true, true, disbursed.Tranche), (replayed.IsReserved, replayed.IsAlreadyCommitted, replayed.Tranche));
            var changed = new DisbursementRequest(
                disbursed.Id, disbursed.Program, LedgerScenario.Agency, disbursed.Budget, null, disbursed.Beneficiary, disbursed.Amount + Samples.Eur("0.01"), disbursed.Sector,
                disbursed.Modality, disbursed.Period, disbursed.Counterparty);
            Assert.Equal(RejectionCode.Duplicate, budget.TryReserve(changed, Samples.Noon).Rejection!.Code);
        }

        Assert.Equal(Describe(full), Describe(budget));
        Assert.Empty(budget.Reservations);
    }

    private const int LogBackedRecalledAtMost = 1024;

    private static ReliefBudget ReplayedLogBacked(ReliefBudget state, IEnumerable<(ulong LeafIndex, byte[] Entry)> leaves) =>
        LedgerReplay.ForBudget(state).ApplyAll(leaves).Budgets.GetValueOrDefault(state.BudgetId) ?? state;

    private static long CountDisbursed(IEnumerable<(ulong LeafIndex, byte[] Entry)> leaves) =>
        leaves.Count(l => LedgerEntryParser.Parse(l.Entry) is Disbursed);

    /// <summary>What the grain does before a decision that names <paramref name="id"/>: read it back from the log when the budget must.</summary>
    private static void Recall(ReliefBudget budget, List<(ulong LeafIndex, byte[] Entry)> log, string id)
    {
        if (!budget.MustRecallDisbursement(id))
        {
            return;
        }

        foreach ((ulong leaf, byte[] bytes) in log)
        {
            if (LedgerEntryParser.Parse(bytes) is Disbursed disbursed && disbursed.Id == id && budget.IsDisbursementApplied(disbursed, leaf))
            {
                budget.RecallDisbursements([(disbursed, leaf)]);
            }
        }
    }

    private static string Outcome(ReliefBudget budget, BeneficiaryProgram program, DisbursementRequest request)
    {
        TrancheReservation reservation = budget.TryReserve(request, Samples.Noon);
        if (!reservation.IsReserved)
        {
            return reservation.Rejection.Code;
        }

        Decision<Disbursed> decision = program.DecideDisbursement(request, reservation.Tranche, Samples.Noon);
        budget.Release(request.DisbursementId);
        program.Release(request.DisbursementId);
        return decision.IsAccepted ? $"accepted {reservation.Tranche}" : decision.Rejection!.Code;
    }

    /// <summary>A random history decided the way the grains decide it (refused acts leave no entry).</summary>
    internal static List<(ulong LeafIndex, byte[] Entry)> RandomHistory((byte Operation, byte Pick, ushort Amount)[] operations)
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "400");
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        List<string> committed = [];
        int next = 0;
        foreach ((byte operation, byte pick, ushort amount) in operations)
        {
            Money money = new(Samples.EurCurrency, 1 + (amount % 15000));
            switch (operation % 9)
            {
                case 0 or 1 or 2:
                    string period = pick % 3 == 0 ? "2026-10" : s.Period;
                    DisbursementRequest request = s.Request(
                        $"d-{next++}", money.ToDecimalString(), tranche: pick % 4 == 0 ? "t-2" : null, beneficiary: People[pick % People.Length], period: period,
                        modality: pick % 5 == 0 ? "voucher" : "cash");
                    Decision<Disbursed> decision = s.Disburse(request);
                    if (decision.ShouldAppend)
                    {
                        s.Record(decision.Entry);
                        committed.Add(decision.Entry.Id);
                    }

                    break;
                case 3 when committed.Count > 0:
                    string reversedId = committed[pick % committed.Count];
                    Decision<Reversed> reversal = pick % 2 == 0
                        ? s.Program.DecideReversal(s.NextId(), s.Now, reversedId, ReversalReason.Returned)
                        : s.Program.DecideReversal(s.NextId(), s.Now, reversedId, new Money(Samples.EurCurrency, 1 + (amount % 500)), ReversalReason.Recovered);
                    RecordIfAccepted(s, reversal);
                    break;
                case 4 when committed.Count > 0:
                    RecordIfAccepted(s, s.Program.DecideDelivery(s.NextId(), s.Now, committed[pick % committed.Count]));
                    break;
                case 5:
                    if (s.Budget.IsFrozen)
                    {
                        RecordIfAccepted(s, s.Budget.DecideUnfreeze(s.NextId(), s.Now, "reviewed"));
                    }
                    else
                    {
                        RecordIfAccepted(s, s.Budget.DecideFreeze(s.NextId(), s.Now, "diversion suspected"));
                    }

                    break;
                case 6:
                    RecordIfAccepted(s, s.Budget.DecideReceiveFunds(s.NextId(), s.Now, money, "wire"));
                    break;
                case 7:
                    RecordIfAccepted(s, s.Program.DecideEnroll(s.NextId(), s.Now, People[pick % People.Length]));
                    break;
                case 8:
                    RecordIfAccepted(s, s.Budget.DecideGrantExemption(
                        s.NextId(), s.Now, LedgerScenario.Owner, string.Create(CultureInfo.InvariantCulture, $"ex-{pick % 3}"), ["72010"], ["cash"], money, s.Now.AddDays(30)));
                    break;
            }

            s.Clock.Advance(TimeSpan.FromMinutes(7));
        }

        return s.Log;
    }

    private static void RecordIfAccepted<TEntry>(LedgerScenario s, Decision<TEntry> decision)
        where TEntry : LedgerEntry
    {
        if (decision.ShouldAppend)
        {
            s.Record(decision.Entry);
        }
    }

    private static string Describe(ReliefBudget budget)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"received={budget.Received} released={budget.Released} disbursed={budget.Disbursed} delivered={budget.DeliveredTotal} ");
        text.Append(CultureInfo.InvariantCulture, $"available={budget.Available} frozen={budget.IsFrozen} eligible={string.Join(",", budget.EligiblePrograms)} ");
        foreach (Tranche t in budget.Tranches)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{t.Id} {t.IsReleased} {t.Released} {t.Reserved} {t.Disbursed} {t.Available}] ");
        }

        foreach (Exemption e in budget.Exemptions)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{e.Id} {e.Sunset:O} {e.IsRecordedExpired}] ");
        }

        return text.ToString();
    }

    private static string Describe(BeneficiaryProgram program)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"paid={program.Disbursed} enrolled={program.Beneficiaries.Count} records={program.Disbursements.Count} ");
        foreach (BeneficiaryPseudonym person in People)
        {
            text.Append(CultureInfo.InvariantCulture, $"{person}={program.PaidIn(person, "2026-10")}/{program.PaidIn(person, "2026-11")} ");
        }

        foreach (DisbursementRecord record in program.Disbursements)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{record.Entry.Id} {record.LeafIndex} {record.Remaining} {record.IsDelivered}] ");
        }

        return text.ToString();
    }
}
