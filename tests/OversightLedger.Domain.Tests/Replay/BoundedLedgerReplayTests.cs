using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Replay;

using OversightLedger.Domain.Money;

/// <summary>
/// The bounded replay (<see cref="LedgerReplay.OverLog(Func{ulong, LedgerEntry?})"/>: no entry kept, earlier ones read
/// back from the log) finds exactly what the in-memory replay finds, on random histories full of broken rules (repeated
/// ids, reversals and deliveries of unknown, foreign or reversed payments, caps exceeded, late and future periods,
/// malformed leaves), also when every id's fingerprint collides.
/// </summary>
public class BoundedLedgerReplayTests
{
    private const string Owner = LedgerScenario.Owner;
    private static readonly BeneficiaryPseudonym[] People = [Samples.Alice, Samples.Bob, Samples.Carol];
    private static readonly string[] Programs = ["program-1", "program-2"];

    [Property(MaxTest = 100)]
    public void ABoundedReplayFindsWhatTheInMemoryReplayFinds((byte Operation, byte Pick, byte Amount)[] operations)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        LedgerEntry?[] parsed = [.. log.Select(l => EntryAt(log, l.LeafIndex))];

        LedgerReplay inMemory = new LedgerReplay().ApplyAll(log);
        LedgerReplay bounded = LedgerReplay.OverLog(leaf => parsed[leaf]).ApplyAll(log);

        AssertSameOutcome(log, inMemory, bounded);
    }

    [Property(MaxTest = 50)]
    public void EveryFingerprintCollidingChangesNothing((byte Operation, byte Pick, byte Amount)[] operations)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = RandomHistory(operations ?? []);
        LedgerEntry?[] parsed = [.. log.Select(l => EntryAt(log, l.LeafIndex))];
        long readBack = 0;
        var ids = new EntryIdFingerprintIndex(leaf => { readBack++; return parsed[leaf]?.Id; }, _ => 7UL);

        LedgerReplay inMemory = new LedgerReplay().ApplyAll(log);
        LedgerReplay bounded = LedgerReplay.OverLog(new LoggedEntries(leaf => parsed[leaf], ids)).ApplyAll(log);

        AssertSameOutcome(log, inMemory, bounded);
        Assert.True(ids.Count < 2 || readBack > 0, "every lookup past the first id had to read ids back");
    }

    [Fact]
    public void AReversalAndADeliveryOfAnEarlierPaymentAreJudgedFromTheEntryReadBack()
    {
        List<(ulong LeafIndex, byte[] Entry)> log = Opening();
        Add(log, new BeneficiaryEnrolled("e-1", Samples.Noon, "program-1", Samples.Alice));
        Add(log, new Disbursed("d-1", Samples.Noon, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("40"), "72010", "cash", "2026-11"));
        Add(log, new Reversed("r-1", Samples.Noon, "d-1", "program-1", "budget-1", "t-1", Samples.Eur("30"), ReversalReason.Returned));
        Add(log, new Reversed("r-2", Samples.Noon, "d-1", "program-1", "budget-1", "t-1", Samples.Eur("30"), ReversalReason.Returned)); // more than is left
        Add(log, new Delivered("v-1", Samples.Noon, "d-1", "program-1", "budget-1", Samples.Eur("10")));
        var asked = new List<ulong>();

        LedgerReplay bounded = LedgerReplay.OverLog(leaf => { asked.Add(leaf); return EntryAt(log, leaf); }).ApplyAll(log);

        Assert.Equal([(11UL, RejectionCode.ReversalExceedsPaid), (11UL, RejectionCode.ReversalExceedsPaid)], bounded.Violations.Select(v => (v.LeafIndex, v.Code)));
        Assert.Contains(9UL, asked); // d-1 was read back, not kept
        DisbursementRecord record = bounded.Programs["program-1"].FindDisbursement("d-1")!;
        Assert.Equal((9UL, Samples.Eur("10"), true), (record.LeafIndex, record.Remaining, record.IsDelivered));
        Assert.Equal(Samples.Eur("10"), bounded.Programs["program-1"].PaidIn(Samples.Alice, "2026-11"));
        Assert.Equal("e-1", bounded.Programs["program-1"].FindEntry("e-1")!.Id);
        Assert.Throws<InvalidOperationException>(() => bounded.Programs["program-1"].Disbursements.Count);
    }

    [Fact]
    public void OnlyTheLatestTwoPeriodsAreHeldAndALatePaymentToAClosedOneStillMeetsItsCap()
    {
        List<(ulong LeafIndex, byte[] Entry)> log = Opening();
        Add(log, new BeneficiaryEnrolled("e-1", Samples.Noon, "program-1", Samples.Alice));
        DateTimeOffset time = Samples.Noon;
        for (int month = 0; month < 6; month++)
        {
            Add(log, new Disbursed($"d-{month}", time, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("40"), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time)));
            time = time.AddMonths(1);
        }

        LedgerEntry?[] parsed = [.. log.Select(l => EntryAt(log, l.LeafIndex))];
        LedgerReplay bounded = LedgerReplay.OverLog(leaf => parsed[leaf]).ApplyAll(log);
        BeneficiaryProgram program = bounded.Programs["program-1"];

        Assert.Equal(["2027-03", "2027-04"], program.PeriodsInMemory.Order(StringComparer.Ordinal));
        Assert.Equal(Samples.Eur("40"), program.PaidIn(Samples.Alice, "2026-11")); // read back from the file of closed periods
        Assert.Equal(Samples.Eur("240"), program.Disbursed);

        // A late payment to a closed period: 40 + 20 is above the cap of 50, in the bounded replay as in memory.
        Add(log, new Disbursed("late", time, "program-1", "budget-1", "t-1", Samples.Alice, Samples.Eur("20"), "72010", "cash", "2026-12"));
        parsed = [.. log.Select(l => EntryAt(log, l.LeafIndex))];
        LedgerReplay inMemory = new LedgerReplay().ApplyAll(log);
        bounded = LedgerReplay.OverLog(leaf => parsed[leaf]).ApplyAll(log);

        Assert.Equal([RejectionCode.CapExceeded], bounded.Violations.Select(v => v.Code));
        AssertSameOutcome(log, inMemory, bounded);
        Assert.Equal(Samples.Eur("60"), bounded.Programs["program-1"].PaidIn(Samples.Alice, "2026-12"));
        Assert.Equal(Samples.Eur("60"), inMemory.Programs["program-1"].PaidIn(Samples.Alice, "2026-12"));
    }

    /// <summary>A budget and two programs (monthly and quarterly caps of 50), then random entries that often break the rules.</summary>
    private static List<(ulong LeafIndex, byte[] Entry)> RandomHistory((byte Operation, byte Pick, byte Amount)[] operations)
    {
        List<(ulong LeafIndex, byte[] Entry)> log = Opening();
        DateTimeOffset time = Samples.Noon;
        int next = 0;
        foreach ((byte operation, byte pick, byte amount) in operations)
        {
            time = time.AddHours(amount % 97);
            string program = Programs[pick % 2];
            BeneficiaryPseudonym who = People[(pick / 2) % 3];
            string disbursement = $"d-{pick % 11}";
            Money money = Samples.Eur(((amount % 60) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            switch (operation % 7)
            {
                case 0:
                    Add(log, new BeneficiaryEnrolled($"e-{next++ % 9}", time, program, who));
                    break;
                case 1 or 2:
                    CapPeriod kind = program == "program-1" ? CapPeriod.Month : CapPeriod.Quarter;
                    DateTimeOffset periodTime = (pick % 5) switch { 0 => time.AddMonths(-4), 1 => time.AddMonths(4), _ => time };
                    Add(log, new Disbursed(
                        pick % 13 == 0 ? $"e-{pick % 9}" : $"d-{next++ % 11}", time, program, "budget-1", pick % 17 == 0 ? "t-9" : "t-1", who, money, "72010", "cash",
                        PaymentPeriod.Of(kind, periodTime)));
                    break;
                case 3:
                    Add(log, new Reversed($"r-{next++}", time, disbursement, program, "budget-1", "t-1", money, pick % 3 == 0 ? ReversalReason.Failed : ReversalReason.Returned));
                    break;
                case 4:
                    Add(log, new Delivered($"v-{next++}", time, disbursement, program, "budget-1", money));
                    break;
                case 5:
                    log.Add(((ulong)log.Count, Encoding.UTF8.GetBytes("{\"kind\":\"Disbursed\",\"id\":\"" + disbursement + "\"}")));
                    break;
                default:
                    Add(log, new FundsReceived($"d-{pick % 11}", time, "budget-1", money, "wire")); // often an id a payment has
                    break;
            }
        }

        return log;
    }

    private static List<(ulong LeafIndex, byte[] Entry)> Opening()
    {
        List<(ulong LeafIndex, byte[] Entry)> log = [];
        DateTimeOffset t = Samples.Noon;
        Add(log, new BudgetOpened("o-0", t, "budget-1", "donor", "72010", "SS", Samples.Eur("100000"), [], Owner));
        Add(log, new FundsReceived("o-1", t, "budget-1", Samples.Eur("600"), "wire"));
        Add(log, new TrancheAdded("o-2", t, "budget-1", "t-1", Samples.Eur("600"), false, []));
        Add(log, new TrancheReleased("o-3", t, "budget-1", "t-1", Samples.Eur("600"), [], Owner));
        Add(log, new ProgramOpened("o-4", t, "program-1", "agency-9", Samples.Eur("50"), CapPeriod.Month));
        Add(log, new ProgramEligible("o-5", t, "budget-1", "program-1", "agency-9"));
        Add(log, new ProgramOpened("o-6", t, "program-2", "agency-9", Samples.Eur("50"), CapPeriod.Quarter));
        Add(log, new ProgramEligible("o-7", t, "budget-1", "program-2", "agency-9"));
        return log;
    }

    private static void Add(List<(ulong LeafIndex, byte[] Entry)> log, LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));

    private static LedgerEntry? EntryAt(List<(ulong LeafIndex, byte[] Entry)> log, ulong leaf) =>
        LedgerEntryParser.TryParse(log[(int)leaf].Entry, out LedgerEntry? entry, out _) ? entry : null;

    private static void AssertSameOutcome(List<(ulong LeafIndex, byte[] Entry)> log, LedgerReplay expected, LedgerReplay actual)
    {
        Assert.Equal(
            expected.Violations.Select(v => (v.LeafIndex, v.EntryId, v.Kind, v.Code, v.Message)),
            actual.Violations.Select(v => (v.LeafIndex, v.EntryId, v.Kind, v.Code, v.Message)));
        Assert.Equal(expected.LeavesRead, actual.LeavesRead);
        IEnumerable<string> ids = log.Select(l => EntryAt(log, l.LeafIndex)?.Id).OfType<string>().Distinct().ToList();
        ReliefBudget expectedBudget = expected.Budgets["budget-1"], actualBudget = actual.Budgets["budget-1"];
        Assert.Equal(
            (expectedBudget.Received, expectedBudget.Released, expectedBudget.Disbursed, expectedBudget.DeliveredTotal),
            (actualBudget.Received, actualBudget.Released, actualBudget.Disbursed, actualBudget.DeliveredTotal));
        Assert.Equal(ids.Select(id => (expectedBudget.FindEntry(id)?.Id, expectedBudget.ReversedOf(id))), ids.Select(id => (actualBudget.FindEntry(id)?.Id, actualBudget.ReversedOf(id))));
        foreach (string programId in Programs)
        {
            BeneficiaryProgram e = expected.Programs[programId], a = actual.Programs[programId];
            Assert.Equal(e.Disbursed, a.Disbursed);
            Assert.Equal(e.Beneficiaries.Order(Comparer<BeneficiaryPseudonym>.Create((x, y) => string.CompareOrdinal(x.Value, y.Value))), a.Beneficiaries.Order(Comparer<BeneficiaryPseudonym>.Create((x, y) => string.CompareOrdinal(x.Value, y.Value))));
            string[] periods = [.. log.Select(l => EntryAt(log, l.LeafIndex)).OfType<Disbursed>().Select(d => d.Period).Distinct()];
            Assert.Equal(
                People.SelectMany(p => periods.Select(period => e.PaidIn(p, period))),
                People.SelectMany(p => periods.Select(period => a.PaidIn(p, period))));
            Assert.Equal(
                ids.Select(id => (e.HasEntry(id), e.FindEntry(id)?.Kind, e.FindDisbursement(id) is { } r ? (r.LeafIndex, r.Remaining, r.IsDelivered, r.Reversals.Count) : default)),
                ids.Select(id => (a.HasEntry(id), a.FindEntry(id)?.Kind, a.FindDisbursement(id) is { } r ? (r.LeafIndex, r.Remaining, r.IsDelivered, r.Reversals.Count) : default)));
        }
    }
}
