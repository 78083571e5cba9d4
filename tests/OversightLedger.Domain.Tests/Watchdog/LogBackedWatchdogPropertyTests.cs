using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

/// <summary>
/// Issue 17 for watchdogs: a log-backed monitor (<see cref="WatchdogMonitor.LogBacked(string, WatchdogRuleSettings, WatchdogScope)"/>),
/// which lets go of the disbursements' facts and reads back from the log (through an id index: the first leaf with an
/// id) what a reversal, a delivery or a repeated id names, and which writes the beneficiary shares of old quarters out,
/// reading them back when a late payment or a reversal names one, concludes exactly what a monitor keeping the whole
/// log's state and every quarter's shares in memory concludes, and holds the same cap totals of every period (closing the
/// programs' old periods into a file and reopening them when a late payment or a reversal names one), over random histories (<see cref="WatchdogSnapshotPropertyTests.RandomHistory"/>: reversals and deliveries of
/// any earlier payment, repeated ids, late payments for periods quarters back under either program, malformed leaves);
/// read whole, and restored from its snapshot after N leaves then fed the rest.
/// </summary>
public class LogBackedWatchdogPropertyTests
{
    private const string Watchdog = "watchdog-1";

    [Property(MaxTest = 200)]
    public void ALogBackedMonitorRestoredFromItsSnapshotConcludesWhatAFullReadConcludes(int seed, bool takeBeforeSnapshot, bool scoped, bool forgetAtEveryLeaf)
    {
        var random = new Random(seed);
        WatchdogScope scope = scoped ? new WatchdogScope(["budget-b"], []) : WatchdogScope.Everything;
        List<byte[]> log = WatchdogSnapshotPropertyTests.RandomHistory(WatchdogSnapshotPropertyTests.Operations(random), scope);
        int taken = random.Next(log.Count + 1);
        var index = new LogIndex(log);

        (WatchdogMonitor full, FindingBook fullBook) = Read(WatchdogMonitor.KeepingEverythingInMemory(Watchdog, WatchdogRuleSettings.Default, scope), new FindingBook(), log, index);
        (WatchdogMonitor whole, FindingBook wholeBook) = Read(NewLogBacked(scope, forgetAtEveryLeaf), new FindingBook(), log, index);

        (WatchdogMonitor prefix, FindingBook prefixBook) = Read(NewLogBacked(scope, forgetAtEveryLeaf), new FindingBook(), log.Take(taken), index);
        if (takeBeforeSnapshot)
        {
            prefix.TakeNewFindings();
        }

        byte[] snapshot = prefix.ToSnapshot(prefixBook);
        (WatchdogMonitor restored, FindingBook restoredBook) = WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, scope, snapshot);
        Assert.True(restored.IsLogBacked);
        Assert.Equal((ulong)taken, restored.NextLeafIndex);
        Read(restored, restoredBook, log.Skip(taken), index, first: (ulong)taken);

        string expected = Describe(full.TakeNewFindings());
        Assert.Equal(expected, Describe(whole.TakeNewFindings()));
        Assert.Equal(expected, Describe(restored.TakeNewFindings()));
        Assert.Equal(Describe(fullBook), Describe(wholeBook));
        Assert.Equal(Describe(fullBook), Describe(restoredBook));
        Assert.Equal(full.BeneficiaryShares, restored.BeneficiaryShares);

        // The programs' cap totals of every period, in memory or closed into the file, are the reference's. Which periods
        // are closed depends on where the snapshot was taken, so the two snapshots may differ in bytes: a restore of either
        // writes the same snapshot again, and holds the same totals.
        string totals = full.DescribeCapTotals();
        Assert.Equal(totals, whole.DescribeCapTotals());
        Assert.Equal(totals, restored.DescribeCapTotals());
        foreach ((WatchdogMonitor monitor, FindingBook book) in new[] { (whole, wholeBook), (restored, restoredBook) })
        {
            byte[] written = monitor.ToSnapshot(book);
            (WatchdogMonitor again, FindingBook againBook) = WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, scope, written);
            Assert.Equal(written, again.ToSnapshot(againBook));
            Assert.Equal(totals, again.DescribeCapTotals());
            Assert.Equal(monitor.ClosedCapPeriodsInFile, again.ClosedCapPeriodsInFile);
        }
    }

    [Property(MaxTest = 20)]
    public void ASnapshotOfTheEarlierFormatIsRefusedByALogBackedRestore(int seed)
    {
        List<byte[]> log = WatchdogSnapshotPropertyTests.RandomHistory(WatchdogSnapshotPropertyTests.Operations(new Random(seed)), WatchdogScope.Everything);
        (WatchdogMonitor inMemory, FindingBook book) = Read(new WatchdogMonitor(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything), new FindingBook(), log, new LogIndex(log));
        byte[] earlier = inMemory.ToSnapshot(book);

        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, earlier));
        Assert.False(WatchdogMonitor.FromSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, earlier).Monitor.IsLogBacked);

        (WatchdogMonitor logBacked, FindingBook logBackedBook) = Read(NewLogBacked(WatchdogScope.Everything, forgetAtEveryLeaf: true), new FindingBook(), log, new LogIndex(log));
        byte[] snapshot = logBacked.ToSnapshot(logBackedBook);
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot.AsSpan(0, snapshot.Length - 1)));
        Assert.Throws<InvalidDataException>(() => WatchdogMonitor.FromLogBackedSnapshot("watchdog-2", WatchdogRuleSettings.Default, WatchdogScope.Everything, snapshot));

        // Version 2 of the log-backed body, whose programs held every period's cap totals: refused, to be read from the log.
        InvalidDataException refused = Assert.Throws<InvalidDataException>(
            () => WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, WithBodyKind(snapshot, "watchdog/log-backed/2")));
        Assert.Contains("earlier format", refused.Message, StringComparison.Ordinal);
        Assert.Equal(
            logBacked.ToSnapshot(logBackedBook),
            WatchdogMonitor.FromLogBackedSnapshot(Watchdog, WatchdogRuleSettings.Default, WatchdogScope.Everything, WithBodyKind(snapshot, WatchdogMonitor.LogBackedBodyKind)).Monitor.ToSnapshot(logBackedBook));
    }

    /// <summary>The snapshot body with the kind it names (a version byte, then the kind as a length-prefixed string) replaced.</summary>
    internal static byte[] WithBodyKind(byte[] body, string kind)
    {
        using var input = new BinaryReader(new MemoryStream(body));
        byte version = input.ReadByte();
        Assert.Equal(WatchdogMonitor.LogBackedBodyKind, input.ReadString());
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(version);
            writer.Write(kind);
            writer.Write(body.AsSpan((int)input.BaseStream.Position));
        }

        return output.ToArray();
    }

    /// <summary>A log-backed monitor whose programs get a new base whenever one is due (a sixteenth of the last one changed), checked every 1 or 7 leaves.</summary>
    private static WatchdogMonitor NewLogBacked(WatchdogScope scope, bool forgetAtEveryLeaf) =>
        WatchdogMonitor.LogBacked(Watchdog, WatchdogRuleSettings.Default, scope, forgetEvery: forgetAtEveryLeaf ? 1UL : 7UL, leastBaseChanges: 1);

    /// <summary>Feeds the leaves as the grain does: the ids the monitor names are looked up in the index first.</summary>
    private static (WatchdogMonitor, FindingBook) Read(WatchdogMonitor monitor, FindingBook book, IEnumerable<byte[]> leaves, LogIndex index, ulong first = 0)
    {
        ulong leaf = first;
        foreach (byte[] bytes in leaves)
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _))
            {
                monitor.Observe(leaf, entry, index.Find);
                if (FindingBook.IsFindingEntry(entry))
                {
                    book.Apply(entry);
                }
            }
            else
            {
                monitor.Observe(leaf, bytes);
            }

            leaf++;
        }

        return (monitor, book);
    }

    private static string Describe(IEnumerable<FindingCandidate> findings) =>
        string.Join("\n", findings.Select(f => Encoding.UTF8.GetString(f.ToEntry(DateTimeOffset.UnixEpoch).ToCanonicalJson())).Order(StringComparer.Ordinal));

    private static string Describe(FindingBook book) =>
        string.Join("\n", book.Findings.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => $"{f.Id} {f.State} {f.Disputes.Count} {f.Resolution?.Action}"));

    /// <summary>The sequencer's id index over a log: the first leaf holding each id, and the entry there.</summary>
    private sealed class LogIndex
    {
        private readonly Dictionary<string, (ulong Leaf, LedgerEntry Entry)> _first = new(StringComparer.Ordinal);

        public LogIndex(List<byte[]> log)
        {
            for (int i = 0; i < log.Count; i++)
            {
                if (LedgerEntryParser.TryParse(log[i], out LedgerEntry? entry, out _))
                {
                    _first.TryAdd(entry.Id, ((ulong)i, entry));
                }
            }
        }

        public (ulong LeafIndex, LedgerEntry? Entry)? Find(string id) =>
            _first.TryGetValue(id, out (ulong Leaf, LedgerEntry Entry) found) ? (found.Leaf, found.Entry) : null;
    }
}
