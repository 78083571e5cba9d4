using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>Each rule fires on a crafted history, stays quiet on a clean one of similar size, and takes its thresholds from the settings.</summary>
public class WatchdogRuleTests
{
    private static readonly WatchdogRuleSettings Defaults = WatchdogRuleSettings.Default;

    // duplicate-beneficiary

    [Fact]
    public void DuplicateBeneficiary_TwoProgramsPayingOnePseudonymInOnePeriodIsAFinding()
    {
        WatchdogHistory h = TwoPrograms(out BeneficiaryPseudonym alice);
        ulong first = h.Size;
        h.Pay("program-1", "budget-1", alice, "40", "2026-11");
        ulong second = h.Size;
        h.Pay("program-2", "budget-2", alice, "30", "2026-11");

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Empty(h.Violations());
        Assert.Equal(WatchdogRuleClass.DuplicateBeneficiary, finding.Class);
        Assert.Equal(["program-1", "program-2"], finding.Programs);
        Assert.Equal(["budget-1", "budget-2"], finding.Budgets);
        Assert.Equal([(long)first, (long)second], finding.Leaves);
        Assert.Contains(alice.Value, finding.Summary, StringComparison.Ordinal);
        Assert.Contains(Samples.Eur("40").ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Contains(Samples.Eur("30").ToString(), finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateBeneficiary_AMonthlyAndAQuarterlyProgramOverlap()
    {
        WatchdogHistory overlapping = TwoPrograms(out BeneficiaryPseudonym alice, secondPeriod: CapPeriod.Quarter);
        overlapping.Pay("program-1", "budget-1", alice, "40", "2026-11");
        overlapping.Pay("program-2", "budget-2", alice, "30", "2026-Q4");
        WatchdogHistory apart = TwoPrograms(out BeneficiaryPseudonym bob, secondPeriod: CapPeriod.Quarter);
        apart.Pay("program-1", "budget-1", bob, "40", "2026-09");
        apart.Pay("program-2", "budget-2", bob, "30", "2026-Q4");

        Assert.Equal(WatchdogRuleClass.DuplicateBeneficiary, Assert.Single(overlapping.Findings()).Class);
        Assert.Empty(apart.Findings());
    }

    [Fact]
    public void DuplicateBeneficiary_ALatePaymentForAPeriodQuartersBackUnderASecondProgramIsStillAFinding()
    {
        WatchdogHistory h = TwoPrograms(out BeneficiaryPseudonym alice);
        h.Time = new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);
        ulong first = h.Size;
        h.Pay("program-1", "budget-1", alice, "40", "2026-01");
        BeneficiaryPseudonym[] others = h.EnrolMany("program-1", 3);
        foreach ((DateTimeOffset time, string period) in new[] { (new DateTimeOffset(2026, 5, 10, 0, 0, 0, TimeSpan.Zero), "2026-05"), (new DateTimeOffset(2026, 8, 10, 0, 0, 0, TimeSpan.Zero), "2026-08"), (new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), "2026-11") })
        {
            h.Time = time;
            foreach (BeneficiaryPseudonym person in others)
            {
                h.Pay("program-1", "budget-1", person, "40", period);
            }
        }

        ulong late = h.Size;
        h.Pay("program-2", "budget-2", alice, "30", "2026-01");

        FindingCandidate finding = Assert.Single(h.Findings());
        Assert.Equal(WatchdogRuleClass.DuplicateBeneficiary, finding.Class);
        Assert.Equal([(long)first, (long)late], finding.Leaves);
    }

    [Fact]
    public void DuplicateBeneficiary_StaysQuietWhenEachPseudonymHasOneProgramPerPeriod()
    {
        WatchdogHistory h = TwoPrograms(out BeneficiaryPseudonym alice);
        BeneficiaryPseudonym[] ones = h.EnrolMany("program-1", 20), twos = h.EnrolMany("program-2", 20);
        foreach (string period in new[] { "2026-10", "2026-11" })
        {
            foreach (BeneficiaryPseudonym person in ones)
            {
                h.Pay("program-1", "budget-1", person, "40", period);
            }

            foreach (BeneficiaryPseudonym person in twos)
            {
                h.Pay("program-2", "budget-2", person, "40", period);
            }
        }

        h.Pay("program-1", "budget-1", alice, "40", "2026-10");
        h.Pay("program-2", "budget-2", alice, "40", "2026-11");

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
    }

    // over-cap

    [Fact]
    public void OverCap_APaymentAboveTheCapThatBypassedTheLedgerIsAnOverCapFindingNotAnIntegrityOne()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", cap: "100", budgets: "budget-1");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        ulong first = h.Size;
        h.Pay("program-1", "budget-1", alice, "80", "2026-11");
        ulong crossing = h.Size;
        h.Pay("program-1", "budget-1", alice, "40", "2026-11");

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal([(crossing, RejectionCode.CapExceeded)], h.Violations().Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(WatchdogRuleClass.OverCap, finding.Class);
        Assert.Equal([(long)first, (long)crossing], finding.Leaves);
        Assert.Equal(["program-1"], finding.Programs);
        Assert.Contains(Samples.Eur("120").ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Contains(Samples.Eur("100").ToString(), finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OverCap_ReversingAndPayingAgainAboveTheCapGrossIsAFindingOnceItRepeats()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", cap: "100", budgets: "budget-1");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        h.Reverse(h.Pay("program-1", "budget-1", alice, "100", "2026-11"));
        h.Reverse(h.Pay("program-1", "budget-1", alice, "100", "2026-11"));
        ulong third = h.Size;
        h.Pay("program-1", "budget-1", alice, "100", "2026-11");

        FindingCandidate finding = Assert.Single(h.Findings());
        IReadOnlyList<FindingCandidate> stricter = h.Findings(Defaults with { OverCapRepayMinimumReversals = 3 });

        Assert.Empty(h.Violations());
        Assert.Equal(WatchdogRuleClass.OverCap, finding.Class);
        Assert.Equal(5, finding.Leaves.Count);
        Assert.Equal((long)third, finding.Leaves[^1]);
        Assert.Contains(Samples.Eur("300").ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Empty(stricter);
    }

    [Fact]
    public void OverCap_StaysQuietOnACorrectionAndOnPaymentsUpToTheCap()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", cap: "100", budgets: "budget-1");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        h.Reverse(h.Pay("program-1", "budget-1", alice, "100", "2026-11"));
        h.Pay("program-1", "budget-1", alice, "90", "2026-11");
        foreach (BeneficiaryPseudonym person in h.EnrolMany("program-1", 10))
        {
            h.Pay("program-1", "budget-1", person, "60", "2026-11");
            h.Pay("program-1", "budget-1", person, "40", "2026-11");
        }

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
    }

    // velocity

    [Fact]
    public void Velocity_APeriodAboveTheFactorTimesTheTrailingMeanIsAFindingAsSoonAsItCrossesIt()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people);
        List<ulong> september = [];
        foreach (BeneficiaryPseudonym person in people.Take(35))
        {
            september.Add(h.Size);
            h.Pay("program-1", "budget-1", person, "1000", "2026-09");
        }

        WatchdogMonitor monitor = new("watchdog-1", Defaults, WatchdogScope.Everything);
        ulong? raisedAt = null;
        FindingCandidate? finding = null;
        for (ulong leaf = 0; leaf < h.Size; leaf++)
        {
            monitor.Observe(leaf, h.Entries[(int)leaf]);
            if (monitor.TakeNewFindings() is [var found])
            {
                Assert.Null(raisedAt);
                (raisedAt, finding) = (leaf, found);
            }
        }

        // The trailing mean is 10,000 EUR a month: the first payment that takes September above 3 × 10,000 raises it.
        int paymentsToCross = (int)(Defaults.VelocityFactor * 10) + 1;
        Assert.Equal(september[paymentsToCross - 1], raisedAt);
        Assert.Equal(WatchdogRuleClass.Velocity, finding!.Class);
        Assert.Equal(["program-1"], finding.Programs);
        Assert.Equal(["budget-1"], finding.Budgets);
        Assert.All(finding.Leaves, leaf => Assert.Contains((ulong)leaf, september));
        Assert.Contains(Samples.Eur((paymentsToCross * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Empty(h.Violations());
    }

    [Fact]
    public void Velocity_TheFactorComesFromTheSettingsAndExactlyTheFactorIsNotAbove()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people);
        foreach (BeneficiaryPseudonym person in people.Take(30))
        {
            h.Pay("program-1", "budget-1", person, "1000", "2026-09");
        }

        Assert.Empty(h.Findings());
        Assert.Equal(WatchdogRuleClass.Velocity, Assert.Single(h.Findings(Defaults with { VelocityFactor = 2.9m })).Class);
    }

    [Fact]
    public void Velocity_AQuietProgramStaysQuietUnderTheMinimumAmount()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people, amount: "10");
        foreach (BeneficiaryPseudonym person in people.Take(35))
        {
            h.Pay("program-1", "budget-1", person, "10", "2026-09");
        }

        Assert.Empty(h.Findings());
        Assert.Equal(WatchdogRuleClass.Velocity, Assert.Single(h.Findings(Defaults with { VelocityMinimumAmount = 300 })).Class);
    }

    [Fact]
    public void Velocity_ANewProgramWithoutEnoughHistoryStaysQuiet()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people, months: ["2026-07", "2026-08"]);
        foreach (BeneficiaryPseudonym person in people.Take(35))
        {
            h.Pay("program-1", "budget-1", person, "1000", "2026-09");
        }

        Assert.Empty(h.Findings());
        Assert.Equal(WatchdogRuleClass.Velocity, Assert.Single(h.Findings(Defaults with { VelocityMinimumHistoryPeriods = 2 })).Class);
    }

    [Fact]
    public void Velocity_StaysQuietOnASteadyProgramOfSimilarSize()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people, months: ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        foreach (BeneficiaryPseudonym person in people.Take(12))
        {
            h.Pay("program-1", "budget-1", person, "1500", "2026-12");
        }

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
    }

    [Fact]
    public void Velocity_CitesTheLargestPaymentsOfThePeriod()
    {
        WatchdogHistory h = SteadyProgram(out BeneficiaryPseudonym[] people);
        foreach (BeneficiaryPseudonym person in people.Take(20))
        {
            h.Pay("program-1", "budget-1", person, "1000", "2026-09");
        }

        ulong largest = h.Size;
        h.Pay("program-1", "budget-1", people[20], "9000", "2026-09");
        ulong secondLargest = h.Size;
        h.Pay("program-1", "budget-1", people[21], "5000", "2026-09");

        FindingCandidate finding = Assert.Single(h.Findings(Defaults with { MaxLeavesCited = 2 }));

        Assert.Equal([(long)largest, (long)secondLargest], finding.Leaves);
    }

    // structuring

    [Fact]
    public void Structuring_ManyPaymentsJustUnderTheThresholdAreAFindingAtTheMinimumCount()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym[] people = h.EnrolMany("program-1", 12);
        List<long> leaves = [];
        foreach (BeneficiaryPseudonym person in people)
        {
            leaves.Add((long)h.Size);
            h.Pay("program-1", "budget-1", person, "9500", "2026-11");
        }

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal(WatchdogRuleClass.Structuring, finding.Class);
        Assert.Equal(leaves.Take(Defaults.StructuringMinimumCount), finding.Leaves);
        Assert.Empty(h.Findings(Defaults with { StructuringMinimumCount = people.Length + 1 }));
        Assert.Empty(h.Findings(Defaults with { StructuringThreshold = 9_500 }));
        Assert.Empty(h.Findings(Defaults with { StructuringMarginPercent = 4 }));
        Assert.Single(h.Findings(Defaults with { StructuringMarginPercent = 5 }));
    }

    [Fact]
    public void Structuring_AThresholdPerCurrencyOverridesTheDefault()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        foreach (BeneficiaryPseudonym person in h.EnrolMany("program-1", 12))
        {
            h.Pay("program-1", "budget-1", person, "480", "2026-11");
        }

        WatchdogRuleSettings eur500 = Defaults with { StructuringThresholdsByCurrency = new Dictionary<string, decimal> { ["EUR"] = 500 } };
        WatchdogRuleSettings usd500 = Defaults with { StructuringThresholdsByCurrency = new Dictionary<string, decimal> { ["USD"] = 500 } };

        Assert.Empty(h.Findings());
        Assert.Equal(WatchdogRuleClass.Structuring, Assert.Single(h.Findings(eur500)).Class);
        Assert.Empty(h.Findings(usd500));
    }

    [Fact]
    public void Structuring_StaysQuietOnPaymentsOutsideTheBand()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym[] people = h.EnrolMany("program-1", 24);
        for (int i = 0; i < people.Length; i++)
        {
            h.Pay("program-1", "budget-1", people[i], i % 2 == 0 ? "8999.99" : "10000", "2026-11");
        }

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
    }

    // reversals

    [Fact]
    public void Reversals_ReversingMoreThanTheShareOfAPeriodIsAFinding()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        Disbursed[] paid = [.. h.EnrolMany("program-1", 10).Select(p => h.Pay("program-1", "budget-1", p, "200", "2026-11"))];
        h.Reverse(paid[0]);
        h.Reverse(paid[1]);
        IReadOnlyList<FindingCandidate> atTheShare = h.Findings();
        ulong third = h.Size;
        h.Reverse(paid[2]);

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Empty(atTheShare);
        Assert.Empty(h.Violations());
        Assert.Equal(WatchdogRuleClass.Reversals, finding.Class);
        Assert.Contains((long)third, finding.Leaves);
        Assert.Equal(6, finding.Leaves.Count); // each reversed payment with its reversal
        Assert.Contains(Samples.Eur("600").ToString(), finding.Summary, StringComparison.Ordinal);
        Assert.Empty(h.Findings(Defaults with { ReversalSharePercent = 30 }));
    }

    [Fact]
    public void Reversals_PartialReversalsCountWhatTheyGaveBackNotThePaymentsAmount()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        Disbursed[] paid = [.. h.EnrolMany("program-1", 10).Select(p => h.Pay("program-1", "budget-1", p, "200", "2026-11"))];
        foreach (Disbursed payment in paid.Take(4))
        {
            h.Reverse(payment, "100");
        }

        IReadOnlyList<FindingCandidate> atTheShare = h.Findings();
        h.Reverse(paid[0], "100");

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Empty(atTheShare); // 400 of 2000 is 20 %, not above it
        Assert.Empty(h.Violations());
        Assert.Equal(WatchdogRuleClass.Reversals, finding.Class);
        Assert.Contains(Samples.Eur("500").ToString(), finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversals_AReversalCountsInThePeriodOfThePaymentItReverses()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym[] people = h.EnrolMany("program-1", 10);
        Disbursed[] october = [.. people.Select(p => h.Pay("program-1", "budget-1", p, "200", "2026-10"))];
        foreach (BeneficiaryPseudonym person in people)
        {
            h.Pay("program-1", "budget-1", person, "200", "2026-11");
        }

        foreach (Disbursed paid in october.Take(3))
        {
            h.Reverse(paid);
        }

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Contains("2026-10", finding.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversals_StaysQuietUnderTheMinimumVolume()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        Disbursed[] paid = [.. h.EnrolMany("program-1", 10).Select(p => h.Pay("program-1", "budget-1", p, "50", "2026-11"))];
        foreach (Disbursed payment in paid.Take(5))
        {
            h.Reverse(payment);
        }

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
        Assert.Equal(WatchdogRuleClass.Reversals, Assert.Single(h.Findings(Defaults with { ReversalMinimumVolume = 500 })).Class);
    }

    // ledger-integrity

    [Fact]
    public void LedgerIntegrity_APaymentFromAFrozenNonHumanitarianTrancheIsAFinding()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        h.Add(new BudgetFrozen(h.NextId(), h.Time, "budget-1", "snap-back", "f-1"));
        h.Time = h.Time.AddMinutes(1);
        ulong bypass = h.Size;
        h.Pay("program-1", "budget-1", alice, "25", "2026-12");

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal([(bypass, RejectionCode.Frozen)], h.Violations().Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(WatchdogRuleClass.LedgerIntegrity, finding.Class);
        Assert.Equal([(long)bypass], finding.Leaves);
        Assert.Equal(["budget-1"], finding.Budgets);
        Assert.Equal(["program-1"], finding.Programs);
        Assert.Contains(RejectionCode.Frozen, finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LedgerIntegrity_APaymentUnderAnExpiredExemptionIsAFinding()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1", humanitarian: true).Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        h.Add(new ExemptionGranted(h.NextId(), h.Time, "budget-1", "ex-1", ["72010"], ["cash"], Samples.Eur("100"), h.Time.AddHours(1)));
        h.Add(new BudgetFrozen(h.NextId(), h.Time, "budget-1", "snap-back"));
        h.Time = h.Time.AddMinutes(30);
        h.Pay("program-1", "budget-1", alice, "25", "2026-12"); // covered: the exemption is in force
        h.Time = h.Time.AddHours(1);
        ulong late = h.Size;
        h.Pay("program-1", "budget-1", alice, "25", "2026-12");

        FindingCandidate finding = Assert.Single(h.Findings());

        Assert.Equal([(late, RejectionCode.ExemptionExpired)], h.Violations().Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(WatchdogRuleClass.LedgerIntegrity, finding.Class);
        Assert.Equal([(long)late], finding.Leaves);
    }

    [Fact]
    public void LedgerIntegrity_AMalformedLeafIsAFindingAboutNoBudget()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        WatchdogMonitor monitor = h.FeedTo(new WatchdogMonitor("watchdog-1", Defaults, WatchdogScope.Everything));
        ulong malformed = monitor.NextLeafIndex;

        monitor.Observe(malformed, Encoding.UTF8.GetBytes("{\"kind\":\"Disbursed\",\"v\":1}"));

        FindingCandidate finding = Assert.Single(monitor.TakeNewFindings());
        Assert.Equal(WatchdogRuleClass.LedgerIntegrity, finding.Class);
        Assert.Equal([(long)malformed], finding.Leaves);
        Assert.Empty(finding.Budgets);
        Assert.Empty(finding.Programs);
        Assert.Equal(malformed + 1, monitor.NextLeafIndex);
        Assert.IsType<FindingRaised>(LedgerEntryParser.Parse(finding.ToEntry(Samples.Noon).ToCanonicalJson()));
    }

    [Fact]
    public void LedgerIntegrity_StaysQuietOnAFrozenBudgetPayingUnderAnExemptionInForce()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1", humanitarian: true).Program("program-1", budgets: "budget-1");
        BeneficiaryPseudonym[] people = h.EnrolMany("program-1", 5);
        h.Add(new ExemptionGranted(h.NextId(), h.Time, "budget-1", "ex-1", ["72010"], ["cash"], Samples.Eur("100"), h.Time.AddHours(1)));
        h.Add(new BudgetFrozen(h.NextId(), h.Time, "budget-1", "snap-back"));
        h.Time = h.Time.AddMinutes(30);
        foreach (BeneficiaryPseudonym person in people)
        {
            h.Pay("program-1", "budget-1", person, "25", "2026-12");
        }

        Assert.Empty(h.Violations());
        Assert.Empty(h.Findings());
    }

    /// <summary>budget-1 → program-1 and budget-2 → program-2; alice is enrolled in both.</summary>
    private static WatchdogHistory TwoPrograms(out BeneficiaryPseudonym alice, CapPeriod secondPeriod = CapPeriod.Month)
    {
        WatchdogHistory h = new WatchdogHistory()
            .Budget("budget-1").Budget("budget-2")
            .Program("program-1", budgets: "budget-1")
            .Program("program-2", period: secondPeriod, budgets: "budget-2");
        alice = h.Enrol("alice", "program-1", "program-2");
        return h;
    }

    /// <summary>program-1 pays ten of its 40 beneficiaries <paramref name="amount"/> EUR each month of <paramref name="months"/> (June to August by default).</summary>
    private static WatchdogHistory SteadyProgram(out BeneficiaryPseudonym[] people, string amount = "1000", string[]? months = null)
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        people = h.EnrolMany("program-1", 40);
        foreach (string month in months ?? ["2026-06", "2026-07", "2026-08"])
        {
            foreach (BeneficiaryPseudonym person in people.Take(10))
            {
                h.Pay("program-1", "budget-1", person, amount, month);
            }
        }

        return h;
    }
}
