using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Reporting.Tests.Log;

/// <summary>Streaming a log's leaves for a report, bundle by bundle, checked against the checkpoint's root.</summary>
public sealed class LogReportSourceTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_every_leaf_in_order_across_full_and_partial_bundles()
    {
        LedgerHistory history = Raw(600);
        WrittenLog log = await history.WriteAsync(_temp.File("log"), batchSize: 170);

        List<LogLeaf> leaves = [];
        await foreach (LogLeaf leaf in LogReportSource.ReadLeavesAsync(log.Storage, 600, log.Checkpoint.Root, Ct))
        {
            leaves.Add(leaf with { Entry = leaf.Entry.ToArray() });
        }

        Assert.Equal(Enumerable.Range(0, 600).Select(i => (ulong)i), leaves.Select(l => l.Index));
        Assert.All(leaves, l => Assert.Equal(history.Leaves[(int)l.Index], l.Entry.ToArray()));
    }

    [Fact]
    public async Task Reads_the_tree_of_an_older_checkpoint_even_when_its_partial_bundle_is_gone()
    {
        LedgerHistory history = Raw(300);
        string directory = _temp.File("log");
        WrittenLog log = await history.WriteAsync(directory, batchSize: 100); // checkpoints at 100, 200, 300
        MerkleHash rootAt200 = Root(history, 200);
        File.Delete(Path.Combine(directory, "tile", "entries", "000.p", "200"));

        int count = 0;
        await foreach (LogLeaf leaf in LogReportSource.ReadLeavesAsync(log.Storage, 200, rootAt200, Ct))
        {
            Assert.Equal(history.Leaves[(int)leaf.Index], leaf.Entry.ToArray());
            count++;
        }

        Assert.Equal(200, count);
    }

    [Fact]
    public async Task Leaves_that_do_not_hash_to_the_root_are_a_verification_failure()
    {
        LedgerHistory history = Raw(40);
        WrittenLog log = await history.WriteAsync(_temp.File("log"));

        LogVerificationException error = await Assert.ThrowsAsync<LogVerificationException>(async () =>
        {
            await foreach (LogLeaf _ in LogReportSource.ReadLeavesAsync(log.Storage, 40, Root(history, 39), Ct))
            {
            }
        });
        Assert.Contains("hash to root", error.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<LogVerificationException>(async () =>
        {
            await foreach (LogLeaf _ in LogReportSource.ReadLeavesAsync(log.Storage, 41, null, Ct))
            {
            }
        });
    }

    [Fact]
    public async Task A_report_is_not_built_from_leaves_that_are_not_the_checkpoints_tree()
    {
        LedgerHistory history = Raw(5000); // more than one parallel batch of 16 bundles
        WrittenLog log = await history.WriteAsync(_temp.File("log"), batchSize: 1000);
        ReportCheckpoint wrongRoot = log.Checkpoint with { Root = Root(history, 4999) };

        await Assert.ThrowsAsync<LogVerificationException>(
            () => LogReportSource.BuildReportAsync(log.Storage, new ReportQuarter(2026, 4), wrongRoot, Ct));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, new ReportQuarter(2026, 4), log.Checkpoint, Ct);
        Assert.Equal((5000UL, 5000UL), (report.Coverage.EntriesRead, report.Coverage.MalformedEntries));
        Assert.Equal([0UL, 1UL], report.Uncounted.Take(2).Select(u => u.Leaf));
    }

    [Fact]
    public async Task The_current_checkpoint_is_read_with_its_signature_checked()
    {
        LedgerHistory history = Raw(3);
        WrittenLog log = await history.WriteAsync(_temp.File("log"));

        ReportCheckpoint checkpoint = await LogReportSource.ReadCheckpointAsync(log.Storage, new NoteVerifier(log.VerifierKey), Ct);

        Assert.Equal(log.Checkpoint, checkpoint);
        Assert.Equal(3UL, checkpoint.Size);
        (_, string otherKey) = NoteSigner.Generate(LedgerHistory.Origin);
        await Assert.ThrowsAsync<NoteVerificationException>(() => LogReportSource.ReadCheckpointAsync(log.Storage, new NoteVerifier(otherKey), Ct));
    }

    private static LedgerHistory Raw(int count)
    {
        var history = new LedgerHistory();
        for (int i = 0; i < count; i++)
        {
            history.AddRaw(System.Text.Encoding.UTF8.GetBytes($"leaf {i}"));
        }

        return history;
    }

    /// <summary>The RFC 6962 root of the first <paramref name="size"/> leaves, the naive recursive way.</summary>
    private static MerkleHash Root(LedgerHistory history, int size) => Hash([.. history.Leaves.Take(size)]);

    private static MerkleHash Hash(byte[][] leaves)
    {
        if (leaves.Length == 1)
        {
            return Rfc6962.HashLeaf(leaves[0]);
        }

        int split = 1;
        while (split * 2 < leaves.Length)
        {
            split *= 2;
        }

        return Rfc6962.HashChildren(Hash(leaves[..split]), Hash(leaves[split..]));
    }
}
