using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Tests.Watchdog;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Findings;

public class SnapBackTests
{
    private static readonly DateTimeOffset Now = Samples.Noon;

    [Fact]
    public void ABudgetSnapsBackWhenItsTermsNameTheFindingsClass()
    {
        Dictionary<string, BudgetOpened> terms = new()
        {
            ["budget-1"] = Opened("budget-1", "diversion", "duplicate-beneficiary"),
            ["budget-2"] = Opened("budget-2", "diversion"),
            ["budget-3"] = Opened("budget-3"),
            ["budget-9"] = Opened("budget-9", "duplicate-beneficiary"),
        };
        FindingRaised finding = Raised("duplicate-beneficiary", "budget-1", "budget-2", "budget-3", "budget-4");

        NameSet frozen = SnapBack.BudgetsToFreeze(finding, id => terms.GetValueOrDefault(id));

        Assert.Equal(["budget-1"], frozen); // budget-4 is not open; budget-9 has the class but the finding does not name it
        Assert.Equal(["budget-2"], SnapBack.BudgetsToFreeze(Raised("diversion", "budget-2", "budget-3"), id => terms.GetValueOrDefault(id)));
    }

    [Fact]
    public void OnlyAConfirmedFindingSnapsBack()
    {
        BudgetOpened terms = Opened("budget-1", "velocity");
        FindingRaised finding = Raised("velocity", "budget-1");
        FindingBook book = new();
        book.Apply(book.DecideRaise(finding).Entry!);
        FindingRecord record = book.Find(finding.Finding)!;

        NameSet whileOpen = SnapBack.BudgetsToFreeze(record, _ => terms);
        book.Apply(book.DecideDispute("d-1", Now, finding.Finding, "agency-key", "a flood").Entry!);
        NameSet whileDisputed = SnapBack.BudgetsToFreeze(record, _ => terms);
        book.Apply(book.DecideResolve("r-1", Now, finding.Finding, "watchdog-1", FindingOutcome.Confirmed, "freeze and audit").Entry!);

        Assert.Empty(whileOpen);
        Assert.Empty(whileDisputed);
        Assert.Equal(["budget-1"], SnapBack.BudgetsToFreeze(record, _ => terms));
    }

    [Fact]
    public void ADismissedFindingDoesNotSnapBack()
    {
        FindingRaised finding = Raised("velocity", "budget-1");
        FindingBook book = new();
        book.Apply(book.DecideRaise(finding).Entry!);
        book.Apply(book.DecideResolve("r-1", Now, finding.Finding, "watchdog-1", FindingOutcome.Dismissed, "seasonal").Entry!);

        Assert.Empty(SnapBack.BudgetsToFreeze(book.Find(finding.Finding)!, _ => Opened("budget-1", "velocity")));
    }

    [Fact]
    public void FromTheLogToAFrozenBudget()
    {
        WatchdogHistory h = new WatchdogHistory()
            .Budget("budget-1", false, WatchdogRuleClass.DuplicateBeneficiary)
            .Budget("budget-2")
            .Program("program-1", budgets: "budget-1")
            .Program("program-2", budgets: "budget-2");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1", "program-2");
        h.Pay("program-1", "budget-1", alice, "40", "2026-11");
        h.Pay("program-2", "budget-2", alice, "40", "2026-11");

        FindingCandidate candidate = Assert.Single(h.Findings());
        FindingBook book = new();
        FindingRaised raised = book.DecideRaise(candidate.ToEntry(h.Time)).Entry!;
        h.Add(raised);
        book.Apply(raised);
        FindingResolved confirmed = book.DecideResolve("r-1", h.Time, raised.Finding, "watchdog-1", FindingOutcome.Confirmed, "recover the double payment").Entry!;
        h.Add(confirmed);
        book.Apply(confirmed);
        LedgerReplay ledger = new LedgerReplay().ApplyAll(h.Entries.Select((e, i) => ((ulong)i, e.ToCanonicalJson())));

        NameSet toFreeze = SnapBack.BudgetsToFreeze(book.Find(raised.Finding)!, id => ledger.Budgets.GetValueOrDefault(id)?.Terms);
        Decision<BudgetFrozen> freeze = ledger.Budgets["budget-1"].DecideFreeze("freeze-1", h.Time, "confirmed finding", raised.Finding);

        Assert.Equal(["budget-1", "budget-2"], raised.Budgets);
        Assert.Equal(["budget-1"], toFreeze);
        Assert.True(freeze.ShouldAppend);
        Assert.Equal(raised.Finding, freeze.Entry.Finding);
    }

    private static BudgetOpened Opened(string budget, params string[] snapBackClasses) =>
        new("open-" + budget, Now, budget, "XM-DAC-41114", "72010", "SS", Samples.Eur("1000"), new NameSet(snapBackClasses), "donor-key-1");

    private static FindingRaised Raised(string findingClass, params string[] budgets) =>
        new("f-" + findingClass, Now, "watchdog-1", findingClass, new NameSet(budgets), ["program-1"], [7], "what was seen");
}
