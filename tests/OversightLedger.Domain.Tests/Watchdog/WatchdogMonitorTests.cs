using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>Raising once (also across a restart), scope, finding ids and reading the log in order.</summary>
public class WatchdogMonitorTests
{
    private static readonly WatchdogRuleSettings Defaults = WatchdogRuleSettings.Default;

    [Fact]
    public void AMonitorRebuiltFromALogThatHoldsItsFindingsRaisesNothingAgain()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        IReadOnlyList<FindingCandidate> first = h.Findings();
        Assert.NotEmpty(first);
        foreach (FindingCandidate finding in first)
        {
            h.Add(finding.ToEntry(h.Time));
        }

        IReadOnlyList<FindingCandidate> afterRestart = h.Findings();

        Assert.Empty(afterRestart);
    }

    [Fact]
    public void AFindingTakenBeforeTheMonitorCaughtUpIsWithdrawnWhenItsEntryShowsUp()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        FindingCandidate raised = Assert.Single(h.Findings());
        ulong before = h.Size;
        h.Add(raised.ToEntry(h.Time));

        WatchdogMonitor restarted = new("watchdog-1", Defaults, WatchdogScope.Everything);
        for (ulong leaf = 0; leaf < before; leaf++)
        {
            restarted.Observe(leaf, h.Entries[(int)leaf]);
        }

        h.FeedTo(restarted);

        Assert.Empty(restarted.TakeNewFindings());
    }

    [Fact]
    public void AMonitorNeverRepeatsAFindingAsThePeriodGoesOn()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        WatchdogMonitor monitor = h.FeedTo(new WatchdogMonitor("watchdog-1", Defaults, WatchdogScope.Everything));
        FindingCandidate first = Assert.Single(monitor.TakeNewFindings());

        for (int i = 0; i < 15; i++)
        {
            h.Pay("program-1", "budget-1", h.Enrol($"late-{i}", "program-1"), "9500", "2026-11");
        }

        h.FeedTo(monitor);

        Assert.Empty(monitor.TakeNewFindings());
        Assert.Equal(WatchdogRuleClass.Structuring, first.Class);
    }

    [Fact]
    public void AnotherWatchdogsFindingsDoNotSilenceThisOne()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        foreach (FindingCandidate finding in h.Findings(watchdog: "watchdog-2"))
        {
            h.Add(finding.ToEntry(h.Time));
        }

        FindingCandidate mine = Assert.Single(h.Findings(watchdog: "watchdog-1"));

        Assert.Equal("watchdog-1", mine.Watchdog);
    }

    [Fact]
    public void ReadingTheEntriesOrTheirBytesConcludesTheSameFindings()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        WatchdogMonitor fromEntries = new("watchdog-1", Defaults, WatchdogScope.Everything);
        for (int leaf = 0; leaf < h.Entries.Count; leaf++)
        {
            fromEntries.Observe((ulong)leaf, h.Entries[leaf]);
        }

        Assert.Equal(h.Findings().Select(f => (f.Id, f.Summary)), fromEntries.TakeNewFindings().Select(f => (f.Id, f.Summary)));
    }

    [Fact]
    public void LeavesComeInLogOrderWithoutGapsAndRereadingIsHarmless()
    {
        WatchdogHistory h = Structured("program-1", "budget-1");
        WatchdogMonitor monitor = new("watchdog-1", Defaults, WatchdogScope.Everything);

        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Observe(1, h.Entries[1]));
        h.FeedTo(monitor);
        FindingCandidate once = Assert.Single(monitor.TakeNewFindings());
        for (int leaf = 0; leaf < h.Entries.Count; leaf++)
        {
            monitor.Observe((ulong)leaf, h.Entries[leaf]);
        }

        Assert.Equal(h.Size, monitor.NextLeafIndex);
        Assert.Empty(monitor.TakeNewFindings());
        Assert.Equal(WatchdogRuleClass.Structuring, once.Class);
    }

    [Fact]
    public void AScopedWatchdogRaisesOnlyAboutWhatItOversees()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Budget("budget-2");
        StructureIn(h, "program-1", "budget-1");
        StructureIn(h, "program-2", "budget-2");

        Assert.Equal(["program-1", "program-2"], h.Findings().SelectMany(f => f.Programs).Order());
        Assert.Equal(["program-2"], h.Findings(scope: new WatchdogScope(["budget-2"], [])).SelectMany(f => f.Programs));
        Assert.Equal(["program-1"], h.Findings(scope: new WatchdogScope([], ["program-1"])).SelectMany(f => f.Programs));
        Assert.Empty(h.Findings(scope: new WatchdogScope(["budget-3"], ["program-3"])));
    }

    [Fact]
    public void AProgramListedEligibleForAnOverseenBudgetIsInScopeWhereverItPaysFrom()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Budget("budget-2");
        StructureIn(h, "program-3", "budget-1");
        h.Add(new ProgramEligible(h.NextId(), h.Time, "budget-2", "program-3", "agency-program-3"));
        h.Pay("program-3", "budget-1", h.Enrol("late", "program-3"), "9500", "2026-11");

        FindingCandidate finding = Assert.Single(h.Findings(scope: new WatchdogScope(["budget-2"], [])));

        Assert.Equal(["program-3"], finding.Programs);
        Assert.Equal(["budget-1"], finding.Budgets);
    }

    [Fact]
    public void ADuplicateAcrossTheScopeBorderConcernsTheWatchdogOfEitherSide()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Budget("budget-2")
            .Program("program-1", budgets: "budget-1").Program("program-2", budgets: "budget-2");
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1", "program-2");
        h.Pay("program-1", "budget-1", alice, "40", "2026-11");
        h.Pay("program-2", "budget-2", alice, "40", "2026-11");

        Assert.Equal(WatchdogRuleClass.DuplicateBeneficiary, Assert.Single(h.Findings(scope: new WatchdogScope(["budget-2"], []))).Class);
        Assert.Single(h.Findings(scope: new WatchdogScope([], ["program-1"])));
        Assert.Empty(h.Findings(scope: new WatchdogScope(["budget-3"], [])));
    }

    [Fact]
    public void AMalformedLeafConcernsEveryWatchdog()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1");
        WatchdogMonitor scoped = h.FeedTo(new WatchdogMonitor("watchdog-1", Defaults, new WatchdogScope(["budget-9"], [])));

        scoped.Observe(h.Size, Encoding.UTF8.GetBytes("not json"));

        Assert.Equal(WatchdogRuleClass.LedgerIntegrity, Assert.Single(scoped.TakeNewFindings()).Class);
    }

    [Fact]
    public void FindingIdsFollowFromTheWatchdogTheClassAndTheFacts()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Budget("budget-2");
        StructureIn(h, "program-1", "budget-1");
        StructureIn(h, "program-2", "budget-2");

        string[] ids = [.. h.Findings().Select(f => f.Id)];
        string[] again = [.. h.Findings().Select(f => f.Id)];
        string[] otherWatchdog = [.. h.Findings(watchdog: "watchdog-2").Select(f => f.Id)];

        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(ids, again);
        Assert.Empty(ids.Intersect(otherWatchdog));
        Assert.All(ids, id => Assert.Matches("^f-watchdog-1-structuring-[0-9a-f]{16}$", id));
    }

    [Theory]
    [InlineData(128, 'w')]
    [InlineData(100, 'é')]
    [InlineData(40, ' ')]
    public void AFindingIdIsAValidIdentifierWhateverTheWatchdogIsCalled(int length, char filler)
    {
        string watchdog = "W" + new string(filler, length - 2) + "Z";
        WatchdogHistory h = Structured("program-1", "budget-1");

        FindingCandidate finding = Assert.Single(h.Findings(watchdog: watchdog));
        FindingRaised entry = finding.ToEntry(Samples.Noon);

        Assert.InRange(finding.Id.Length, 1, 128);
        Assert.Matches("^[A-Za-z0-9._-]+$", finding.Id);
        Assert.Equal(watchdog, entry.Watchdog);
        Assert.Equal(entry, LedgerEntryParser.Parse(entry.ToCanonicalJson()));
        Assert.NotEqual(finding.Id, Assert.Single(h.Findings(watchdog: watchdog[..^1] + "Y")).Id);
    }

    [Fact]
    public void AFindingCitesAtMostTheSettingsNumberOfLeavesInAscendingOrder()
    {
        WatchdogHistory h = new WatchdogHistory().Budget("budget-1").Program("program-1", budgets: "budget-1");
        foreach (BeneficiaryPseudonym person in h.EnrolMany("program-1", 40))
        {
            h.Pay("program-1", "budget-1", person, "9500", "2026-11");
        }

        FindingCandidate finding = Assert.Single(h.Findings(Defaults with { MaxLeavesCited = 5, StructuringMinimumCount = 30 }));

        Assert.Equal(5, finding.Leaves.Count);
        Assert.Equal(finding.Leaves.Order(), finding.Leaves);
        Assert.Equal(finding.Leaves.Count, finding.Leaves.Distinct().Count());
        FindingRaised entry = finding.ToEntry(Samples.Noon);
        Assert.Equal((finding.Id, finding.Class, finding.Summary), (entry.Finding, entry.Class, entry.Summary));
        Assert.Equal(finding.Leaves, entry.Leaves);
    }

    [Fact]
    public void AMonitorNeedsAValidNameAndValidSettings()
    {
        Assert.Throws<ArgumentException>(() => new WatchdogMonitor(" ", Defaults, WatchdogScope.Everything));
        Assert.Throws<ArgumentException>(() => new WatchdogMonitor("w", Defaults with { VelocityFactor = 1 }, WatchdogScope.Everything));
        Assert.Throws<ArgumentException>(() => new WatchdogScope(["ok", ""], []));
        Assert.True(WatchdogScope.Everything.IsEverything);
        Assert.False(new WatchdogScope(["b"], []).IsEverything);
    }

    /// <summary>budget-1 and program-1 (or the ones named) with twelve payments just under the default threshold in 2026-11.</summary>
    private static WatchdogHistory Structured(string program, string budget)
    {
        WatchdogHistory h = new WatchdogHistory().Budget(budget);
        StructureIn(h, program, budget);
        return h;
    }

    private static void StructureIn(WatchdogHistory h, string program, string budget)
    {
        h.Program(program, budgets: budget);
        foreach (BeneficiaryPseudonym person in h.EnrolMany(program, 12))
        {
            h.Pay(program, budget, person, "9500", "2026-11");
        }
    }
}
