using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>Findings through their lifecycle, snap-backs, exemptions near their sunset, reversals across quarters, entries no figure can count.</summary>
public sealed class FindingsSnapBacksAndExemptionsTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Findings_are_counted_by_what_happened_to_them_within_the_quarter_and_listed_when_still_open()
    {
        var ledger = new ScenarioLedger();
        Setup(ledger);
        ledger.RaiseFinding("f-old-open", Utc(2026, 8, 1), "syria-eur", "cash-aleppo");          // Q3, still open
        ledger.RaiseFinding("f-old-closed", Utc(2026, 8, 2), "syria-eur", "cash-aleppo");        // Q3, dismissed in Q3: not listed
        ledger.ResolveFinding("f-old-closed", FindingOutcome.Dismissed, Utc(2026, 8, 3));
        ledger.RaiseFinding("f-disputed", Utc(2026, 10, 10), "syria-eur", "cash-aleppo", 3, 5);
        ledger.DisputeFinding("f-disputed", Utc(2026, 10, 11));
        ledger.RaiseFinding("f-dismissed", Utc(2026, 10, 12), "syria-eur", "cash-aleppo");
        ledger.DisputeFinding("f-dismissed", Utc(2026, 10, 13));
        ulong dismissedAt = ledger.ResolveFinding("f-dismissed", FindingOutcome.Dismissed, Utc(2026, 10, 14));
        ledger.RaiseFinding("f-confirmed", Utc(2026, 11, 1), "syria-eur", "cash-aleppo");
        ledger.ResolveFinding("f-confirmed", FindingOutcome.Confirmed, Utc(2026, 11, 2));
        ulong frozen = ledger.Freeze("syria-eur", Utc(2026, 11, 2, 13), "f-confirmed");
        ulong unfrozen = ledger.Unfreeze("syria-eur", Utc(2026, 12, 1));
        ulong frozenAgain = ledger.Freeze("syria-eur", Utc(2026, 12, 20));
        ledger.RaiseFinding("f-late", Utc(2026, 12, 31, 23, 59, 59), "syria-eur", "cash-aleppo");
        ledger.ResolveFinding("f-late", FindingOutcome.Confirmed, Utc(2027, 1, 1, 0, 0, 0)); // after the quarter: still open at its end

        QuarterlyReport report = await ReportOnAsync(ledger);

        FindingsSection findings = report.Findings;
        Assert.Equal(4, findings.RaisedInQuarter);     // disputed, dismissed, confirmed, late
        Assert.Equal(2, findings.DisputedInQuarter);   // disputed, dismissed
        Assert.Equal(1, findings.DismissedInQuarter);
        Assert.Equal(1, findings.ConfirmedInQuarter);
        Assert.Equal(3, findings.OpenAtQuarterEnd);    // old-open, disputed, late
        Assert.Equal(["f-old-open", "f-disputed", "f-dismissed", "f-confirmed", "f-late"], findings.Findings.Select(f => f.Finding));
        Assert.Equal(
            [FindingStatus.Open, FindingStatus.Disputed, FindingStatus.Dismissed, FindingStatus.Confirmed, FindingStatus.Open],
            findings.Findings.Select(f => f.Status));
        FindingReport disputed = findings.Findings[1];
        Assert.Equal([3L, 5L], disputed.Leaves);
        Assert.Equal(["syria-eur"], disputed.Budgets);
        Assert.Equal("diversion", disputed.Class);
        Assert.Equal(Utc(2026, 10, 11), disputed.DisputedAt);
        Assert.Null(disputed.ResolvedAt);
        Assert.Equal(dismissedAt, findings.Findings[2].ResolvedLeaf);
        Assert.Equal("no issue", findings.Findings[2].Action);
        Assert.Null(findings.Findings[4].ResolvedAt);

        Assert.Equal([frozen, unfrozen, frozenAgain], report.SnapBacks.Select(s => s.Leaf));
        Assert.Equal([SnapBackEventKind.Frozen, SnapBackEventKind.Unfrozen, SnapBackEventKind.Frozen], report.SnapBacks.Select(s => s.Kind));
        Assert.Equal(["f-confirmed", null, null], report.SnapBacks.Select(s => s.Finding));
        Assert.True(report.Budgets.Single().FrozenAtQuarterEnd);
    }

    [Fact]
    public async Task Exemptions_in_force_at_quarter_end_are_listed_and_those_near_their_sunset_flagged()
    {
        var ledger = new ScenarioLedger();
        Setup(ledger);
        DateTimeOffset end = Utc(2027, 1, 1, 0);
        ledger.GrantExemption("syria-eur", "ended", Utc(2026, 8, 1), Utc(2026, 12, 15));
        ledger.GrantExemption("syria-eur", "at-end", Utc(2026, 8, 1), end);
        ledger.GrantExemption("syria-eur", "soon", Utc(2026, 8, 1), end.AddDays(10));
        ledger.GrantExemption("syria-eur", "day-30", Utc(2026, 8, 1), end.AddDays(30));
        ledger.GrantExemption("syria-eur", "later", Utc(2026, 8, 1), end.AddDays(31));
        ledger.GrantExemption("syria-eur", "renewed", Utc(2026, 8, 1), Utc(2026, 11, 1));
        ledger.RenewExemption("syria-eur", "renewed", Utc(2026, 10, 20), end.AddDays(90));
        ledger.GrantExemption("syria-eur", "granted-after", Utc(2027, 1, 2), end.AddDays(5));

        QuarterlyReport report = await ReportOnAsync(ledger);

        Assert.Equal(["day-30", "later", "renewed", "soon"], report.Exemptions.Select(e => e.Exemption));
        Assert.Equal([true, false, false, true], report.Exemptions.Select(e => e.SunsetWithin30Days));
        ExemptionReport renewed = report.Exemptions[2];
        Assert.Equal((1L, end.AddDays(90)), (renewed.Renewals, renewed.Sunset));
        Assert.Equal("500.00", renewed.MaxAmount.ToDecimalString());
        Assert.Equal(["72010"], renewed.Sectors);
    }

    [Fact]
    public async Task A_reversal_counts_in_the_quarter_it_was_recorded_against_the_sector_of_the_disbursement()
    {
        var ledger = new ScenarioLedger();
        Setup(ledger);
        ledger.Disburse("d-q3", "cash-aleppo", "syria-eur", "t1", "HH-1", 1_000, "72050", Utc(2026, 9, 20));
        ledger.Reverse("d-q3", "cash-aleppo", "syria-eur", "t1", 1_000, Utc(2026, 10, 2));
        ledger.Disburse("d-q4", "cash-aleppo", "syria-eur", "t1", "HH-2", 2_500, "72040", Utc(2026, 11, 20));
        ledger.Reverse("d-q4", "cash-aleppo", "syria-eur", "t1", 2_500, Utc(2027, 1, 3)); // after: ignored

        QuarterlyReport report = await ReportOnAsync(ledger);

        BudgetReport budget = report.Budgets.Single();
        Assert.Equal(("25.00", "10.00", "15.00"), Strings(budget.InQuarter.Disbursed, budget.InQuarter.Reversed, budget.InQuarter.NetDisbursed));
        Assert.Equal(("35.00", "10.00", "25.00"), Strings(budget.AtQuarterEnd.Disbursed, budget.AtQuarterEnd.Reversed, budget.AtQuarterEnd.NetDisbursed));
        Assert.Equal("9975.00", budget.AtQuarterEnd.Available.ToDecimalString()); // 10,000.00 released − 25.00
        Assert.Equal(
            [("72040", "25.00", "0.00"), ("72050", "0.00", "10.00")],
            report.Sectors.Select(s => (s.Sector, s.InQuarter.Disbursed.ToDecimalString(), s.InQuarter.Reversed.ToDecimalString())));
        Assert.Equal(["10.00", "0.00", "0.00"], report.Months.Select(m => m.InQuarter.Reversed.ToDecimalString()));
        ProgramReport program = report.Programs.Single();
        Assert.Equal((1L, 1L, 1L), (program.InQuarter.DisbursementCount, program.InQuarter.ReversalCount, program.BeneficiariesReached));
        Assert.Equal("15.00", Assert.Single(program.ByBudget).InQuarter.NetDisbursed.ToDecimalString());
        ReportTransaction reversal = report.Transactions.Single(t => t.Kind == ReportTransactionKind.Reversals);
        Assert.Equal(("-10.00", "2026-10"), (reversal.Value.ToDecimalString(), reversal.Month));
    }

    [Fact]
    public async Task Entries_that_cannot_be_counted_are_listed_and_left_out_of_every_figure()
    {
        var ledger = new ScenarioLedger();
        Setup(ledger);
        ulong wrongCurrency = ledger.Disburse("d-usd", "cash-aleppo", "syria-eur", "t1", "HH-1", 700, "72010", Utc(2026, 10, 5), currency: "USD");
        ulong unknownBudget = ledger.Receive("no-such-budget-yet", 1, Utc(2026, 10, 6));
        ulong malformed = ledger.History.AddRaw("{\"not\":\"an entry\"}"u8.ToArray());
        ledger.Disburse("d-ok", "cash-aleppo", "syria-eur", "t1", "HH-1", 700, "72010", Utc(2026, 10, 7));
        ulong unknownReversal = ledger.Reverse("d-none", "cash-aleppo", "syria-eur", "t1", 700, Utc(2026, 10, 8));
        ledger.Reverse("d-ok", "cash-aleppo", "syria-eur", "t1", 700, Utc(2026, 10, 9));
        ulong secondReversal = ledger.Reverse("d-ok", "cash-aleppo", "syria-eur", "t1", 700, Utc(2026, 10, 10));
        ulong secondRelease = ledger.Release("syria-eur", "t1", 1_000_000, Utc(2026, 10, 11));
        ledger.AddTranche("syria-eur", "t2", 500, false, Utc(2026, 10, 12), "b");
        ledger.Verify("syria-eur", "t2", "b", Utc(2026, 10, 13));
        ulong secondVerification = ledger.Verify("syria-eur", "t2", "b", Utc(2026, 10, 14), "other evidence");

        QuarterlyReport report = await ReportOnAsync(ledger);

        Assert.Equal(
            [wrongCurrency, unknownBudget, malformed, unknownReversal, secondReversal, secondRelease, secondVerification],
            report.Uncounted.Select(u => u.Leaf));
        Assert.Contains("USD", report.Uncounted[0].Reason, StringComparison.Ordinal);
        Assert.Equal((null, null), (report.Uncounted[2].EntryId, report.Uncounted[2].Kind));
        Assert.Contains("already reversed", report.Uncounted[4].Reason, StringComparison.Ordinal);
        Assert.Equal((1UL, 7UL), (report.Coverage.MalformedEntries, report.Coverage.UncountedEntries));
        BudgetReport budget = report.Budgets.Single(b => b.Budget == "syria-eur");
        Assert.Equal(("7.00", "7.00", "10000.00"), Strings(budget.InQuarter.Disbursed, budget.InQuarter.Reversed, budget.AtQuarterEnd.Released));
        Assert.Equal(1, report.Programs.Single().InQuarter.DisbursementCount);
        Assert.Equal(Utc(2026, 10, 13), Assert.Single(budget.Tranches[1].Verifications).RecordedAt);
    }

    /// <summary>An EUR budget with 10,000.00 released in tranche t1 and one program, all in Q3.</summary>
    [Fact]
    public async Task A_listing_of_a_program_not_open_yet_or_in_another_currency_is_uncounted_as_the_replay_leaves_it_out()
    {
        var ledger = new ScenarioLedger();
        Setup(ledger);
        ulong early = ledger.List("syria-eur", "cash-homs", Utc(2026, 10, 1));
        ledger.OpenProgram("cash-homs", "EUR", Utc(2026, 10, 2));
        ledger.OpenProgram("cash-usd", "USD", Utc(2026, 10, 2));
        ulong dollars = ledger.List("syria-eur", "cash-usd", Utc(2026, 10, 3));

        QuarterlyReport report = await ReportOnAsync(ledger);

        Assert.Equal(["cash-aleppo"], report.Budgets.Single().EligiblePrograms);
        Assert.Equal([early, dollars], report.Uncounted.Select(u => u.Leaf));
        Assert.Equal(2UL, report.Coverage.UncountedEntries);
    }

    private static void Setup(ScenarioLedger ledger)
    {
        ledger.OpenBudget("syria-eur", "EUR", "SY", "72010", 1_000_000, Utc(2026, 7, 1), "diversion");
        ledger.AddTranche("syria-eur", "t1", 1_000_000, true, Utc(2026, 7, 2));
        ledger.Release("syria-eur", "t1", 1_000_000, Utc(2026, 7, 3));
        ledger.OpenProgram("cash-aleppo", "EUR", Utc(2026, 7, 1));
        ledger.List("syria-eur", "cash-aleppo", Utc(2026, 7, 1));
    }

    private static (string, string, string) Strings(Domain.Money.Money a, Domain.Money.Money b, Domain.Money.Money c) =>
        (a.ToDecimalString(), b.ToDecimalString(), c.ToDecimalString());

    private async Task<QuarterlyReport> ReportOnAsync(ScenarioLedger ledger)
    {
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"), batchSize: 5);
        return await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
    }
}
