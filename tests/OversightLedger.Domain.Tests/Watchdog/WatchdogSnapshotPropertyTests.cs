using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Tests.TestSupport;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>
/// Issue 17, item 1, for watchdogs: a monitor and finding book restored from a snapshot taken after N leaves, then fed the
/// rest of the log, conclude the same findings and hold the same state as a monitor fed the whole log, over random
/// histories: two budgets and two programs (one drawing on both), three pseudonyms enrolled in both, payments over months
/// and quarters across several quarters of time (so the beneficiary shares of closed quarters are let go of), over-cap
/// and unenrolled payments the ledger would refuse, repeated ids, malformed leaves, reversals, a counterparty screened
/// and confirmed, and the watchdog's own FindingRaised, FindingDisputed and FindingResolved entries.
/// </summary>
public class WatchdogSnapshotPropertyTests
{
    private const string Watchdog = "watchdog-1";

    // FsCheck draws small numbers at small sizes (amounts of a few euros never reach a cap): it picks the seed, the
    // operations are drawn from the whole range.
    [Property(MaxTest = 150)]
    public void RestoringFromASnapshotThenReadingTheRestEqualsReadingTheWholeLog(int seed, bool takeBeforeSnapshot, bool scoped)
    {
        var random = new Random(seed);
        WatchdogScope scope = scoped ? new WatchdogScope(["budget-b"], []) : WatchdogScope.Everything;
        List<byte[]> log = RandomHistory(Operations(random), scope);
        int taken = random.Next(log.Count + 1);

        (WatchdogMonitor full, FindingBook fullBook) = Read(new WatchdogMonitor(Watchdog, WatchdogRuleSettings.Default, scope), new FindingBook(), log);

        (WatchdogMonitor prefix, FindingBook prefixBook) = Read(new WatchdogMonitor(Watchdog, WatchdogRuleSettings.Default, scope), new FindingBook(), log.Take(taken));
        if (takeBeforeSnapshot)
        {
            prefix.TakeNewFindings(); // taken, their raising not yet in the log: the snapshot holds them as pending again
        }

        (WatchdogMonitor restored, FindingBook restoredBook) = WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default, scope, prefix.ToSnapshot(prefixBook));
        Assert.Equal((ulong)taken, restored.NextLeafIndex);
        Read(restored, restoredBook, log.Skip(taken), first: (ulong)taken);

        Assert.Equal(full.NextLeafIndex, restored.NextLeafIndex);
        Assert.Equal(full.ToSnapshot(fullBook), restored.ToSnapshot(restoredBook));
        Assert.Equal(Describe(full.TakeNewFindings()), Describe(restored.TakeNewFindings()));
        Assert.Equal(Describe(fullBook), Describe(restoredBook));
    }

    [Property(MaxTest = 30)]
    public void ASnapshotUnderOtherSettingsAScopeOrAnotherWatchdogIsRefused(int seed)
    {
        List<byte[]> log = RandomHistory(Operations(new Random(seed)), WatchdogScope.Everything);
        (WatchdogMonitor monitor, FindingBook book) = Read(new WatchdogMonitor(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), new FindingBook(), log);
        byte[] snapshot = monitor.ToSnapshot(book);

        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default with { StructuringMinimumCount = 11 }, WatchdogScope.Everything, snapshot));
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default, new WatchdogScope(["budget-a"], []), snapshot));
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromSnapshot("watchdog-2", WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot));
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot.AsSpan(0, snapshot.Length - 1)));
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, [.. snapshot, 0]));
    }

    internal static (byte Operation, byte Pick, ushort Amount)[] Operations(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 120)).Select(_ => ((byte)random.Next(256), (byte)random.Next(256), (ushort)random.Next(65536)))];

    /// <summary>Feeds <paramref name="leaves"/> from <paramref name="first"/> on, recording finding entries in the book as the grain does.</summary>
    private static (WatchdogMonitor, FindingBook) Read(WatchdogMonitor monitor, FindingBook book, IEnumerable<byte[]> leaves, ulong first = 0)
    {
        ulong leaf = first;
        foreach (byte[] bytes in leaves)
        {
            monitor.Observe(leaf++, bytes);
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _) && FindingBook.IsFindingEntry(entry))
            {
                book.Apply(entry);
            }
        }

        return (monitor, book);
    }

    private static string Describe(IEnumerable<FindingCandidate> findings) =>
        string.Join("\n", findings.Select(f => Encoding.UTF8.GetString(f.ToEntry(DateTimeOffset.UnixEpoch).ToCanonicalJson())).Order(StringComparer.Ordinal));

    private static string Describe(FindingBook book) =>
        string.Join("\n", book.Findings.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => $"{f.Id} {f.State} {f.Disputes.Count} {f.Resolution?.Action}"));

    /// <summary>A random log: the ledger's own entries, entries it would refuse, malformed leaves and the watchdog's own finding entries.</summary>
    internal static List<byte[]> RandomHistory((byte Operation, byte Pick, ushort Amount)[] operations, WatchdogScope scope)
    {
        var h = new WatchdogHistory { Time = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero) };
        h.Budget("budget-a").Budget("budget-b");
        h.Program("program-1", "10000", budgets: ["budget-a", "budget-b"]).Program("program-2", "10000", budgets: ["budget-a"]);
        h.RegisterCounterparty("cp-1", "agency-program-1");
        BeneficiaryPseudonym[] people = [.. new[] { "alice", "bob", "carol" }.Select(p => h.Enrol(p, "program-1", "program-2"))];
        BeneficiaryPseudonym stranger = BeneficiaryPseudonym.Derive(new byte[32], "stranger");
        var live = new WatchdogMonitor(Watchdog, WatchdogRuleSettings.Default, scope);
        var leaves = h.Entries.Select(e => e.ToCanonicalJson()).ToList();
        var paid = new List<Disbursed>();
        var raised = new List<string>();
        int fed = h.Entries.Count;

        void Append(LedgerEntry entry)
        {
            h.Add(entry);
            leaves.Add(entry.ToCanonicalJson());
        }

        foreach ((byte operation, byte pick, ushort amount) in operations)
        {
            // Entries added through the history's helpers are copied to the leaves here.
            int before = h.Entries.Count;
            string program = pick % 2 == 0 ? "program-1" : "program-2";
            string budget = program == "program-2" || pick % 3 == 0 ? "budget-a" : "budget-b";
            BeneficiaryPseudonym person = people[pick % people.Length];
            string month = PeriodOf(h.Time.AddMonths(-(pick % 7)));
            switch (operation % 14)
            {
                case 0 or 1 or 2:
                    paid.Add(h.Pay(program, budget, person, (1 + (amount % 8_000)).ToString(CultureInfo.InvariantCulture), month, counterparty: pick % 5 == 0 ? "cp-1" : null));
                    break;
                case 3:
                    paid.Add(h.Pay(program, budget, person, "9500", PeriodOf(h.Time)));
                    break;
                case 4 when paid.Count > 0:
                    Disbursed original = paid[pick % paid.Count];
                    h.Reverse(original, amount % 2 == 0 ? null : (1 + (amount % 100)).ToString(CultureInfo.InvariantCulture));
                    break;
                case 5:
                    h.Time = h.Time.AddMonths(1 + (pick % 3));
                    break;
                case 6:
                    paid.Add(h.Pay(program, budget, stranger, "100", PeriodOf(h.Time)));
                    break;
                case 7:
                    h.Pay(program, budget, person, "50", amount % 2 == 0 ? PeriodOf(h.Time) : QuarterOf(h.Time.AddMonths(-3 * (pick % 3))));
                    break;
                case 8 when paid.Count > 0:
                    Append(paid[pick % paid.Count]); // a repeated id
                    break;
                case 9:
                    leaves.Add(Encoding.UTF8.GetBytes("{\"kind\":\"nonsense\"}"));
                    h.Add(new FundsReceived(h.NextId(), h.Time, "placeholder", Samples.Eur("1"), "not in the log")); // keeps leaf numbers aligned
                    break;
                case 10:
                    if (pick % 3 == 0)
                    {
                        h.Screen("cp-1", hit: true);
                    }
                    else
                    {
                        h.Confirm("cp-1", Samples.Lists);
                    }

                    break;
                case 12 when paid.Count > 0:
                    Disbursed delivered = paid[pick % paid.Count]; // any earlier payment: far back, reversed, or a repeated one
                    h.Add(new Delivered(h.NextId("dlv"), h.Time, delivered.Id, delivered.Program, delivered.Budget, delivered.Amount));
                    break;
                case 13:
                    // A late payment for a period quarters back (DESIGN §5.6 allows any earlier period), under either program.
                    paid.Add(h.Pay(program, budget, person, (1 + (amount % 3_000)).ToString(CultureInfo.InvariantCulture), amount % 2 == 0
                        ? PeriodOf(h.Time.AddMonths(-(3 + (pick % 24))))
                        : QuarterOf(h.Time.AddMonths(-3 * (1 + (pick % 8))))));
                    break;
                case 11:
                    // The grain's scan: what the watchdog concluded so far is raised in the log; then a dispute or a resolution.
                    for (ulong leaf = live.NextLeafIndex; leaf < (ulong)leaves.Count; leaf++)
                    {
                        live.Observe(leaf, leaves[(int)leaf]);
                    }

                    foreach (FindingCandidate finding in live.TakeNewFindings())
                    {
                        Append(finding.ToEntry(h.Time));
                        raised.Add(finding.Id);
                    }

                    if (raised.Count > 0 && pick % 2 == 0)
                    {
                        string finding = raised[amount % raised.Count];
                        Append(pick % 4 == 0
                            ? new FindingResolved(h.NextId("resolve"), h.Time, finding, Watchdog, FindingOutcome.Confirmed, "recover the funds")
                            : new FindingDisputed(h.NextId("dispute"), h.Time, finding, "agency-program-1", "the payment was lawful"));
                    }

                    break;
            }

            for (int i = Math.Max(before, fed); i < h.Entries.Count; i++)
            {
                if (operation % 14 is not 8 and not 9 and not 11)
                {
                    leaves.Add(h.Entries[i].ToCanonicalJson());
                }
            }

            fed = h.Entries.Count;
        }

        return leaves;
    }

    private static string PeriodOf(DateTimeOffset time) => time.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string QuarterOf(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Year:D4}-Q{((time.Month - 1) / 3) + 1}");
}
