using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>
/// Issue 17, item 2, for watchdogs: the log-backed programs inside a watchdog's monitor keep in memory only the cap totals
/// of the period of their latest entry and of the one before; older periods go to the monitor's temporary file and come
/// back when a late payment or a reversal names them. An over-cap payment into a closed period, and a reversal of a payment
/// in one, conclude what a monitor keeping every period in memory concludes, also after a restore from a snapshot (whose
/// copies of the closed periods then fill a new file).
/// </summary>
public class ClosedCapPeriodTests
{
    private const string Watchdog = "watchdog-1";
    private static readonly DateTimeOffset January = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALatePaymentAboveTheCapIntoAClosedPeriodIsTheOverCapFindingOfAMonitorKeepingEveryPeriod()
    {
        (WatchdogHistory h, BeneficiaryPseudonym alice, Disbursed first) = PaidThroughApril();
        WatchdogMonitor logBacked = Feed(WatchdogMonitor.LogBacked(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);
        Assert.Equal(2, logBacked.ClosedCapPeriodsInFile); // January and February; March has no payment, April is open
        Assert.Empty(logBacked.TakeNewFindings());

        h.Pay("program-1", "budget-1", alice, "300", "2026-01"); // 800 + 300 in January, above the cap of 1,000
        h.Time = h.Time.AddMonths(1);
        h.Pay("program-1", "budget-1", h.Enrol("erin", "program-1"), "10", "2026-05"); // January closes again
        h.Reverse(first, "100"); // names January, closed again: brought back to lower alice's total
        Feed(logBacked, h);
        WatchdogMonitor reference = Feed(WatchdogMonitor.KeepingEverythingInMemory(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);

        IReadOnlyList<FindingCandidate> findings = logBacked.TakeNewFindings();
        FindingCandidate overCap = Assert.Single(findings, f => f.Class == WatchdogRuleClass.OverCap);
        Assert.Contains("in 2026-01", overCap.Summary, StringComparison.Ordinal);
        Assert.Equal(Describe(reference.TakeNewFindings()), Describe(findings));
        Assert.Equal(reference.DescribeCapTotals(), logBacked.DescribeCapTotals());
        Assert.Contains(" 2026-01 ", logBacked.DescribeCapTotals(), StringComparison.Ordinal);
        Assert.Equal(1, logBacked.ClosedCapPeriodsInFile); // February; January, named by the reversal, is back in memory until June
    }

    [Fact]
    public void AfterARestoreFromASnapshotALatePaymentIntoAClosedPeriodIsStillAnOverCapFinding()
    {
        (WatchdogHistory h, BeneficiaryPseudonym alice, _) = PaidThroughApril();
        WatchdogMonitor before = Feed(WatchdogMonitor.LogBacked(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);
        Assert.Empty(before.TakeNewFindings());
        byte[] snapshot = before.ToSnapshot(new FindingBook());

        (WatchdogMonitor restored, _) = WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot);
        Assert.Equal(2, restored.ClosedCapPeriodsInFile);
        Assert.Equal(before.DescribeCapTotals(), restored.DescribeCapTotals());

        h.Pay("program-1", "budget-1", alice, "300", "2026-01");
        h.Pay("program-1", "budget-1", alice, "950", "2026-02"); // 100 + 950 in February: a second closed period above the cap
        Feed(restored, h);
        WatchdogMonitor reference = Feed(WatchdogMonitor.KeepingEverythingInMemory(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);

        IReadOnlyList<FindingCandidate> findings = restored.TakeNewFindings();
        Assert.Equal(2, findings.Count(f => f.Class == WatchdogRuleClass.OverCap));
        Assert.Equal(Describe(reference.TakeNewFindings()), Describe(findings));
        Assert.Equal(reference.DescribeCapTotals(), restored.DescribeCapTotals());
    }

    [Fact]
    public void ProgramsStandingOnBasesInTheFileConcludeTheSameAcrossARestore()
    {
        (WatchdogHistory h, BeneficiaryPseudonym alice, Disbursed first) = PaidThroughApril();
        WatchdogMonitor before = Feed(WatchdogMonitor.LogBacked(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, forgetEvery: 1, leastBaseChanges: 1), h);
        Assert.True(before.ProgramBasesWritten > 0);
        Assert.Empty(before.TakeNewFindings());
        byte[] snapshot = before.ToSnapshot(new FindingBook());

        (WatchdogMonitor restored, _) = WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot);
        Assert.Equal(snapshot, restored.ToSnapshot(new FindingBook()));
        h.Pay("program-1", "budget-1", alice, "300", "2026-01");
        h.Reverse(first, "50");
        h.Pay("program-1", "budget-1", h.Enrol("frank", "program-1"), "10", "2026-04");
        Feed(before, h);
        Feed(restored, h);
        WatchdogMonitor reference = Feed(WatchdogMonitor.KeepingEverythingInMemory(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);

        string expected = Describe(reference.TakeNewFindings());
        Assert.Contains(WatchdogRuleClass.OverCap, expected, StringComparison.Ordinal);
        Assert.Equal(expected, Describe(before.TakeNewFindings()));
        Assert.Equal(expected, Describe(restored.TakeNewFindings()));
        Assert.Equal(reference.DescribeCapTotals(), before.DescribeCapTotals());
        Assert.Equal(reference.DescribeCapTotals(), restored.DescribeCapTotals());
    }

    [Fact]
    public void ASnapshotWhoseCopyOfAClosedPeriodIsDamagedIsRefused()
    {
        (WatchdogHistory h, _, _) = PaidThroughApril();
        WatchdogMonitor monitor = Feed(WatchdogMonitor.LogBacked(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), h);
        byte[] snapshot = monitor.ToSnapshot(new FindingBook());

        // The stored copies begin with the magic OLPERIOD; a flipped byte in the first one's records breaks its digest.
        int copy = snapshot.AsSpan().IndexOf("OLPERIOD"u8);
        Assert.True(copy > 0);
        byte[] damaged = [.. snapshot];
        damaged[copy + 60] ^= 0x01;

        InvalidDataException refused = Assert.Throws<InvalidDataException>(
            () => WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, damaged));
        Assert.Contains("closed period", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Program-1 (cap 1,000 EUR a month) pays alice 800 for January, bob 100 and alice 100 for February, then bob for April at
    /// April's time: January and February close (the first open period is March).
    /// </summary>
    private static (WatchdogHistory History, BeneficiaryPseudonym Alice, Disbursed First) PaidThroughApril()
    {
        var h = new WatchdogHistory { Time = January };
        h.Budget("budget-1").Program("program-1", "1000", budgets: ["budget-1"]);
        BeneficiaryPseudonym alice = h.Enrol("alice", "program-1");
        BeneficiaryPseudonym bob = h.Enrol("bob", "program-1");
        Disbursed first = h.Pay("program-1", "budget-1", alice, "800", "2026-01");
        h.Time = h.Time.AddMonths(1);
        h.Pay("program-1", "budget-1", bob, "100", "2026-02");
        h.Pay("program-1", "budget-1", alice, "100", "2026-02");
        h.Time = h.Time.AddMonths(2);
        h.Pay("program-1", "budget-1", bob, "100", "2026-04");
        return (h, alice, first);
    }

    /// <summary>Feeds the leaves the monitor has not read, as the grain does: what it names is looked up in the log first.</summary>
    private static WatchdogMonitor Feed(WatchdogMonitor monitor, WatchdogHistory h)
    {
        for (ulong leaf = monitor.NextLeafIndex; leaf < h.Size; leaf++)
        {
            LedgerEntry entry = Parsed(h.Entries[(int)leaf]);
            monitor.Observe(leaf, entry, id =>
            {
                int first = h.Entries.FindIndex(e => e.Id == id);
                return first >= 0 ? ((ulong)first, Parsed(h.Entries[first])) : null;
            });
        }

        return monitor;
    }

    private static LedgerEntry Parsed(LedgerEntry entry) =>
        LedgerEntryParser.TryParse(entry.ToCanonicalJson(), out LedgerEntry? parsed, out string? error) ? parsed : throw new InvalidOperationException(error);

    private static string Describe(IEnumerable<FindingCandidate> findings) =>
        string.Join("\n", findings.Select(f => Encoding.UTF8.GetString(f.ToEntry(DateTimeOffset.UnixEpoch).ToCanonicalJson())).Order(StringComparer.Ordinal));
}
