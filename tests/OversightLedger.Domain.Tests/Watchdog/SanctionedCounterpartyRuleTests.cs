using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>
/// <c>sanctioned-counterparty-paid</c>: a confirmed hit on a counterparty the log shows was paid is one finding citing the
/// confirmation and the payments not reversed in full; a payment logged after the confirmation is <c>ledger-integrity</c>.
/// </summary>
public class SanctionedCounterpartyRuleTests
{
    private const string Vendor = "cpty-0011aabb";
    private static readonly NameSet OtherLists = new(["OFAC-SDN:" + new string('c', 64)]);

    /// <summary>Two budgets, each with its program; alice is enrolled in program-1, bob in program-2 (never both: no duplicate-beneficiary).</summary>
    private static WatchdogHistory TwoBudgets(out BeneficiaryPseudonym alice, out BeneficiaryPseudonym bob)
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Budget("budget-2")
            .Program("program-1", budgets: "budget-1").Program("program-2", budgets: "budget-2");
        alice = h.Enrol("alice", "program-1");
        bob = h.Enrol("bob", "program-2");
        h.RegisterCounterparty(Vendor, "agency-program-1");
        h.Screen(Vendor, hit: false);
        return h;
    }

    [Fact]
    public void AConfirmedHitOnACounterpartyAlreadyPaidIsOneFindingCitingTheConfirmationAndThePayments()
    {
        WatchdogHistory h = TwoBudgets(out BeneficiaryPseudonym alice, out BeneficiaryPseudonym bob);
        ulong first = h.Size;
        h.Pay("program-1", "budget-1", alice, "40", "2026-11", counterparty: Vendor);
        ulong second = h.Size;
        h.Pay("program-2", "budget-2", bob, "30", "2026-11", counterparty: Vendor);
        h.Pay("program-1", "budget-1", alice, "20", "2026-11");
        h.Screen(Vendor, hit: true, lists: OtherLists);
        ulong confirmation = h.Size;
        h.Confirm(Vendor, OtherLists);

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Empty(h.Violations());
        Assert.Equal(WatchdogRuleClass.SanctionedCounterpartyPaid, finding.Class);
        Assert.Equal([(long)first, (long)second, (long)confirmation], finding.Leaves);
        Assert.Equal(["program-1", "program-2"], finding.Programs);
        Assert.Equal(["budget-1", "budget-2"], finding.Budgets);
        Assert.Contains(Vendor, finding.Summary, StringComparison.Ordinal);
        Assert.Contains(Samples.Eur("70").ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Contains("OFAC-SDN:306", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PaymentsReversedInFullDoNotCountAndAPartialReversalLeavesThePaymentCounted()
    {
        WatchdogHistory h = TwoBudgets(out BeneficiaryPseudonym alice, out BeneficiaryPseudonym bob);
        Disbursed undone = h.Pay("program-2", "budget-2", bob, "40", "2026-11", counterparty: Vendor);
        h.Reverse(undone, "15");
        h.Reverse(undone, "25");
        ulong kept = h.Size;
        Disbursed halved = h.Pay("program-1", "budget-1", alice, "30", "2026-11", counterparty: Vendor);
        h.Reverse(halved, "10");
        h.Screen(Vendor, hit: true, lists: OtherLists);
        h.Confirm(Vendor, OtherLists);

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal(["program-1"], finding.Programs);
        Assert.Equal(["budget-1"], finding.Budgets);
        Assert.Equal([(long)kept, (long)h.Size - 1], finding.Leaves);
        Assert.Contains(Samples.Eur("20").ToString(), finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void StaysQuietWhenNothingPaidIsLeftOrTheHitIsClearedOrAnotherCounterpartyIsConfirmed()
    {
        WatchdogHistory reversed = TwoBudgets(out BeneficiaryPseudonym alice, out _);
        reversed.Reverse(reversed.Pay("program-1", "budget-1", alice, "40", "2026-11", counterparty: Vendor));
        reversed.Screen(Vendor, hit: true, lists: OtherLists);
        reversed.Confirm(Vendor, OtherLists);

        WatchdogHistory cleared = TwoBudgets(out BeneficiaryPseudonym bob, out _);
        cleared.Pay("program-1", "budget-1", bob, "40", "2026-11", counterparty: Vendor);
        cleared.Screen(Vendor, hit: true, lists: OtherLists);
        cleared.Clear(Vendor, OtherLists);

        WatchdogHistory other = TwoBudgets(out BeneficiaryPseudonym carol, out _);
        other.Pay("program-1", "budget-1", carol, "40", "2026-11", counterparty: Vendor);
        other.RegisterCounterparty("cpty-99", "agency-program-1");
        other.Screen("cpty-99", hit: true);
        other.Confirm("cpty-99", Samples.Lists);

        Assert.Empty(reversed.Findings());
        Assert.Empty(cleared.Findings());
        Assert.Empty(other.Findings());
        Assert.Empty(other.Violations());
    }

    [Fact]
    public void AConfirmationThatDoesNotReviewTheLatestScreeningIsNotJudged()
    {
        WatchdogHistory h = TwoBudgets(out BeneficiaryPseudonym alice, out _);
        h.Pay("program-1", "budget-1", alice, "40", "2026-11", counterparty: Vendor);

        h.Confirm(Vendor, OtherLists); // the latest screening (Samples.Lists) was clear: nothing to review in the log's eyes

        Assert.Empty(h.Findings());
    }

    [Fact]
    public void APaymentLoggedAfterTheConfirmationIsALedgerIntegrityFindingUntilALaterScreeningIsClear()
    {
        WatchdogHistory h = TwoBudgets(out BeneficiaryPseudonym alice, out _);
        h.Screen(Vendor, hit: true, lists: OtherLists);
        h.Confirm(Vendor, OtherLists);
        ulong forged = h.Size;
        h.Pay("program-1", "budget-1", alice, "40", "2026-11", counterparty: Vendor);
        NameSet delisted = new(["OFAC-SDN:" + new string('d', 64)]);
        h.Screen(Vendor, hit: false, lists: delisted);
        h.Pay("program-1", "budget-1", alice, "10", "2026-11", counterparty: Vendor);

        RuleViolation violation = Assert.Single(h.Violations());
        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal(RejectionCode.CounterpartyBlocked, violation.Code);
        Assert.Equal(forged, violation.LeafIndex);
        Assert.Equal(WatchdogRuleClass.LedgerIntegrity, finding.Class);
        Assert.Equal([(long)forged], finding.Leaves);
        Assert.Contains(RejectionCode.CounterpartyBlocked, finding.Summary, StringComparison.Ordinal);
        Assert.Equal(["program-1"], finding.Programs);
    }

    [Fact]
    public void AScopedWatchdogRaisesItWhenItOverseesABudgetOfThePayments()
    {
        WatchdogHistory h = TwoBudgets(out _, out BeneficiaryPseudonym bob);
        h.Pay("program-2", "budget-2", bob, "40", "2026-11", counterparty: Vendor);
        h.Screen(Vendor, hit: true, lists: OtherLists);
        h.Confirm(Vendor, OtherLists);

        Assert.Equal(WatchdogRuleClass.SanctionedCounterpartyPaid, Assert.Single(h.Findings(scope: new WatchdogScope(["budget-2"], []))).Class);
        Assert.Single(h.Findings(scope: new WatchdogScope([], ["program-2"])));
        Assert.Empty(h.Findings(scope: new WatchdogScope(["budget-1"], [])));
    }

    [Fact]
    public void TheLeavesCitedAreBoundedAndTheFindingIsRaisedOnceAcrossARestart()
    {
        WatchdogHistory h = TwoBudgets(out BeneficiaryPseudonym alice, out _);
        for (int i = 0; i < 40; i++)
        {
            h.Pay("program-1", "budget-1", alice, "1", "2026-11", counterparty: Vendor);
        }

        h.Screen(Vendor, hit: true, lists: OtherLists);
        ulong confirmation = h.Size;
        h.Confirm(Vendor, OtherLists);
        WatchdogRuleSettings settings = WatchdogRuleSettings.Default with { MaxLeavesCited = 8 };

        FindingCandidate finding = Assert.Single(h.Findings(settings));
        h.Add(finding.ToEntry(h.Time));

        Assert.Equal(8, finding.Leaves.Count);
        Assert.Contains((long)confirmation, finding.Leaves);
        Assert.Contains("40 payment(s)", finding.Summary, StringComparison.Ordinal);
        Assert.Empty(h.Findings(settings));
    }
}
