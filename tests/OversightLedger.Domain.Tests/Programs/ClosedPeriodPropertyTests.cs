using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

using OversightLedger.Domain.Money;

/// <summary>
/// Issue 17, item 2: a log-backed program whose closed periods leave memory for a store (as its grain does it) equals a
/// full replay, over random histories that span several months, with payments for earlier months and late reversals
/// into closed ones, a snapshot and restore in the middle, and a stored copy damaged or lost after the restore (detected:
/// the period is added up again from the log).
/// </summary>
public class ClosedPeriodPropertyTests
{
    private static readonly BeneficiaryPseudonym[] People = [Samples.Alice, Samples.Bob, Samples.Carol];

    [Property(MaxTest = 150)]
    public void Closing_periods_to_a_store_snapshot_restore_and_late_reversals_equal_a_full_replay(
        (byte Operation, byte Pick, ushort Amount)[] operations, byte split, byte damage)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = History(operations ?? []);
        int taken = split % (log.Count + 1);
        BeneficiaryProgram full = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(log).Programs[LedgerScenario.ProgramId];
        var store = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var rebuilt = new List<string>();

        // The grain: apply, closing old periods to the store as it goes; a snapshot at `taken`, restored.
        BeneficiaryProgram program = BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId);
        foreach ((ulong LeafIndex, byte[] Entry) item in log.Take(taken))
        {
            program = ApplyAsTheGrainDoes(program, item, log, store, rebuilt);
            CloseAll(program, store);
        }

        program.MarkAppliedBelow((ulong)taken);
        byte[] snapshot = program.ToSnapshot((ulong)taken);
        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot);
        restored.MarkAppliedBelow((ulong)taken);
        Assert.Equal(program.ClosedPeriods.OrderBy(c => c.Period, StringComparer.Ordinal), restored.ClosedPeriods.OrderBy(c => c.Period, StringComparer.Ordinal));

        // A stored copy the snapshot names is damaged or lost.
        string? damaged = null;
        if (damage % 3 != 0 && restored.ClosedPeriods.Count > 0)
        {
            ClosedPeriodTotals victim = restored.ClosedPeriods.OrderBy(c => c.Period, StringComparer.Ordinal).ElementAt(damage % restored.ClosedPeriods.Count);
            damaged = victim.Period;
            string name = victim.StoreName(LedgerScenario.ProgramId);
            if (damage % 3 == 1)
            {
                store[name][damage % store[name].Length] ^= 0x10;
            }
            else
            {
                store.Remove(name);
            }
        }

        foreach ((ulong LeafIndex, byte[] Entry) item in log.Skip(taken))
        {
            restored = ApplyAsTheGrainDoes(restored, item, log, store, rebuilt);
            CloseAll(restored, store);
        }

        restored.MarkAppliedBelow((ulong)log.Count);
        Assert.True(restored.PeriodsInMemory.Count() <= 2, string.Join(",", restored.PeriodsInMemory));

        // Every period's totals, and the next decisions in each, as a full replay's.
        Assert.Equal(full.Disbursed, restored.Disbursed);
        foreach (string period in Periods(log))
        {
            if (restored.MustReopenPeriod(period))
            {
                Reopen(restored, period, log, store, rebuilt);
            }

            foreach (BeneficiaryPseudonym person in People)
            {
                Assert.Equal(full.PaidIn(person, period), restored.PaidIn(person, period));
                DisbursementRequest probe = new(
                    "probe", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, person, Samples.Eur("60"), "72010", "cash", period, null);
                DateTimeOffset now = LedgerEntryParser.Parse(log[^1].Entry).Time;
                Assert.Equal(Outcome(full, probe, now), Outcome(restored, probe, now));
            }
        }

        Assert.Equal(full.Disbursed, restored.Disbursed);
        if (damaged is not null && restored.ClosedPeriods.All(c => c.Period != damaged))
        {
            // Needed again after the damage (reopened by a late entry or by the probes above): found out and rebuilt.
            Assert.Contains(damaged, rebuilt);
        }
    }

    [Fact]
    public void A_period_closed_out_of_memory_refuses_to_be_read_until_it_is_reopened()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        BeneficiaryProgram program = LedgerReplay.ForProgram(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId)).ApplyAll(s.Log).Programs[LedgerScenario.ProgramId];
        Commit(s, program, s.Request("old", "70", period: "2026-08"));
        Commit(s, program, s.Request("now", "10"));
        var store = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        Assert.Equal(["2026-08"], program.PeriodsToClose());
        CloseAll(program, store);

        Assert.True(program.MustReopenPeriod("2026-08"));
        Assert.Equal(Samples.Eur("80"), program.Disbursed);
        Assert.Throws<InvalidOperationException>(() => program.PaidIn(Samples.Alice, "2026-08"));
        Assert.Throws<InvalidOperationException>(() => program.DecideDisbursement(s.Request("late", "40", period: "2026-08"), "t-1", s.Now));
        ClosedPeriodTotals named = program.ClosedPeriod("2026-08")!;
        byte[] copy = store[named.StoreName(LedgerScenario.ProgramId)];
        byte[] flipped = [.. copy];
        flipped[^40] ^= 1;
        Assert.Throws<InvalidDataException>(() => program.ReopenPeriod("2026-08", flipped));
        Assert.True(program.MustReopenPeriod("2026-08"));

        program.ReopenPeriod("2026-08", copy);
        Assert.Equal(Samples.Eur("70"), program.PaidIn(Samples.Alice, "2026-08"));
        Assert.Equal(RejectionCode.CapExceeded, program.DecideDisbursement(s.Request("late", "40", period: "2026-08"), "t-1", s.Now).Rejection!.Code);
        Assert.Equal(Samples.Eur("80"), program.Disbursed);
    }

    /// <summary>A history over several months: payments for the month or up to three before it, reversals of any payment.</summary>
    private static List<(ulong LeafIndex, byte[] Entry)> History((byte Operation, byte Pick, ushort Amount)[] operations)
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Carol));
        List<string> committed = [];
        int next = 0;
        foreach ((byte operation, byte pick, ushort amount) in operations)
        {
            Money money = new(Samples.EurCurrency, 100 + (amount % 4000));
            switch (operation % 5)
            {
                case 0 or 1 or 2:
                    string period = PaymentPeriod.Of(CapPeriod.Month, s.Now.AddMonths(-(pick % 4)));
                    Decision<Disbursed> decision = s.Disburse(s.Request(
                        $"d-{next++}", money.ToDecimalString(), beneficiary: People[pick % People.Length], period: period));
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
                        : s.Program.DecideReversal(s.NextId(), s.Now, reversedId, new Money(Samples.EurCurrency, 1 + (amount % 900)), ReversalReason.Recovered);
                    if (reversal.ShouldAppend)
                    {
                        s.Record(reversal.Entry);
                    }

                    break;
                case 4:
                    s.Clock.Advance(TimeSpan.FromDays(3 + (pick % 20)));
                    break;
            }

            s.Clock.Advance(TimeSpan.FromHours(9));
        }

        return s.Log;
    }

    /// <summary>What the grain does with an entry: recall the payment it names, reopen the closed periods it names, apply.</summary>
    private static BeneficiaryProgram ApplyAsTheGrainDoes(
        BeneficiaryProgram program, (ulong LeafIndex, byte[] Entry) item, List<(ulong LeafIndex, byte[] Entry)> log, Dictionary<string, byte[]> store, List<string> rebuilt)
    {
        LedgerEntry entry = LedgerEntryParser.Parse(item.Entry);
        if (entry is Reversed reversed)
        {
            Recall(program, log, reversed.Disbursement);
        }

        foreach (string period in program.ClosedPeriodsNamedBy([entry]))
        {
            Reopen(program, period, log, store, rebuilt);
        }

        return LedgerReplay.ForProgram(program).ApplyAll([item]).Programs.GetValueOrDefault(program.ProgramId) ?? program;
    }

    private static void Reopen(BeneficiaryProgram program, string period, List<(ulong LeafIndex, byte[] Entry)> log, Dictionary<string, byte[]> store, List<string> rebuilt)
    {
        ClosedPeriodTotals named = program.ClosedPeriod(period)!;
        try
        {
            if (store.TryGetValue(named.StoreName(program.ProgramId), out byte[]? content))
            {
                program.ReopenPeriod(period, content);
                return;
            }
        }
        catch (InvalidDataException)
        {
        }

        rebuilt.Add(period);
        program.RebuildClosedPeriod(period, log.Select(l => (LedgerEntryParser.Parse(l.Entry), l.LeafIndex)));
    }

    private static void CloseAll(BeneficiaryProgram program, Dictionary<string, byte[]> store)
    {
        foreach (string period in program.PeriodsToClose())
        {
            ClosingPeriod closing = program.EncodeClosingPeriod(period);
            store[closing.Totals.StoreName(program.ProgramId)] = closing.Content;
            Assert.True(program.ClosePeriod(closing));
        }
    }

    private static void Recall(BeneficiaryProgram program, List<(ulong LeafIndex, byte[] Entry)> log, string id)
    {
        if (!program.MustRecallDisbursement(id))
        {
            return;
        }

        foreach ((ulong leaf, byte[] bytes) in log)
        {
            if (LedgerEntryParser.Parse(bytes) is Disbursed disbursed && disbursed.Id == id && program.IsDisbursementApplied(disbursed, leaf))
            {
                program.RecallDisbursements([(disbursed, leaf)]);
            }
        }
    }

    private static void Commit(LedgerScenario s, BeneficiaryProgram program, DisbursementRequest request)
    {
        Assert.True(s.Budget.TryReserve(request, s.Now).IsReserved);
        Decision<Disbursed> decision = program.DecideDisbursement(request, "t-1", s.Now);
        Assert.True(decision.ShouldAppend, decision.ToString());
        program.Apply(decision.Entry, s.Record(decision.Entry));
    }

    private static IEnumerable<string> Periods(List<(ulong LeafIndex, byte[] Entry)> log) =>
        log.Select(l => LedgerEntryParser.Parse(l.Entry)).OfType<Disbursed>().Select(d => d.Period).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string Outcome(BeneficiaryProgram program, DisbursementRequest request, DateTimeOffset now)
    {
        Decision<Disbursed> decision = program.DecideDisbursement(request, "t-1", now);
        program.Release(request.DisbursementId);
        return decision.IsAccepted ? "accepted" : decision.Rejection!.Code;
    }
}
