using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.Cluster;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.AuditLog;

/// <summary>
/// Issue 17, item 1, in the azure profile: the sequencer's index in memory, with the log in blobs and its snapshot in a
/// blob container, on a real Azurite. A restarted sequencer restores the index from the snapshot and indexes only the
/// entries after it, and answers every id and subject as before; an id committed before the snapshot and one after are
/// answered with their leaves again (no second entry). A damaged snapshot blob, and one the log disagrees with (the log
/// rewritten), are discarded with a warning and the index rebuilt from the log. Silos killed while snapshots are being
/// written leave a sequencer that answers every acknowledged id with its leaf.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(AzureClusterCollection.Name)]
public sealed partial class AzureSequencerIndexSnapshotTests(AzureTestComponents components)
{
    private const string Origin = "azseq-tests.oversightledger.local/log";
    private const int SnapshotEvery = 300;
    private static readonly string[] Programs = ["p-0", "p-1", "p-2"];

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly (string Signer, string Verifier) _keys = NoteSigner.Generate(Origin);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string SnapshotContainer => "azseq-snap-" + _runId;

    [Fact]
    public async Task A_restarted_sequencer_restores_its_index_from_the_snapshot_and_reads_only_the_tail()
    {
        string logContainer = "azseq-log-" + _runId;
        var ledger = new Ledger();
        await using (TestCluster first = await StartAsync(logContainer))
        {
            IAuditLogGrain log = Sequencer(first);
            await ledger.AppendAsync(log, 420, new Random(1));
            await WaitForSnapshotAsync();
            await first.StopAllSilosAsync(Ct);
        }

        GrainSnapshot stored = GrainSnapshot.Decode((await ReadSnapshotAsync())!);
        Assert.InRange(stored.TreeSize, (ulong)SnapshotEvery, (ulong)ledger.Size - 1);

        AzureSequencerIndexSiloConfigurator.Messages.Clear();
        await using TestCluster second = await StartAsync(logContainer);
        IAuditLogGrain restarted = Sequencer(second);
        await ledger.AssertAnsweredAsync(restarted);
        Assert.Contains(Logged(), message => message.StartsWith($"Restored the sequencer's index from its snapshot at log size {stored.TreeSize} ", StringComparison.Ordinal));
        Assert.Equal((ulong)ledger.Size - stored.TreeSize, IndexedAtOpen());

        // Idempotent across the snapshot: an id committed before it and one after get their leaves; nothing is appended.
        string before = ledger.IdAt(0);
        string after = ledger.IdAt(ledger.Size - 1);
        Assert.True(ledger.LeafOf(before) < stored.TreeSize && ledger.LeafOf(after) >= stored.TreeSize);
        LogAppendReceipt[] again = await restarted.AppendManyAsync([ledger.EntryOf(before), ledger.EntryOf(after)]);
        Assert.Equal([ledger.LeafOf(before), ledger.LeafOf(after)], again.Select(receipt => receipt.LeafIndex));
        Assert.Equal((ulong)ledger.Size, (await restarted.GetTreeHeadAsync()).TreeSize);
        await Assert.ThrowsAsync<EntryIdTakenException>(() => restarted.AppendAsync(Ledger.Entry(before, "p-0", "other")));

        // And it keeps going: new entries, then one more restart from the latest snapshot.
        await ledger.AppendAsync(restarted, 350, new Random(2));
        await WaitForSnapshotAsync(minimumSize: stored.TreeSize + 1);
        await second.StopAllSilosAsync(Ct);
        await using TestCluster third = await StartAsync(logContainer);
        await ledger.AssertAnsweredAsync(Sequencer(third));
    }

    [Fact]
    public async Task A_damaged_snapshot_blob_is_discarded_with_a_warning_and_the_index_rebuilt_from_the_log()
    {
        string logContainer = "azseq-log-" + _runId;
        var ledger = new Ledger();
        await using (TestCluster first = await StartAsync(logContainer))
        {
            await ledger.AppendAsync(Sequencer(first), 400, new Random(3));
            await WaitForSnapshotAsync();
            await first.StopAllSilosAsync(Ct);
        }

        byte[] bytes = (await ReadSnapshotAsync())!;
        bytes[bytes.Length / 2] ^= 0x10;
        await SnapshotBlob().UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, Ct);

        AzureSequencerIndexSiloConfigurator.Messages.Clear();
        await using TestCluster second = await StartAsync(logContainer);
        IAuditLogGrain log = Sequencer(second);
        await ledger.AssertAnsweredAsync(log);
        Assert.Contains(Logged(), message => message.StartsWith("Discarded the snapshot of the sequencer's index", StringComparison.Ordinal) && message.Contains("checksum", StringComparison.Ordinal));
        Assert.Equal((ulong)ledger.Size, IndexedAtOpen());
    }

    [Fact]
    public async Task A_snapshot_of_a_log_since_rewritten_is_discarded_and_the_index_rebuilt_from_the_log()
    {
        var old = new Ledger();
        await using (TestCluster first = await StartAsync("azseq-log-" + _runId))
        {
            await old.AppendAsync(Sequencer(first), 400, new Random(4));
            await WaitForSnapshotAsync();
            await first.StopAllSilosAsync(Ct);
        }

        // Another log under the same origin and key, longer than the snapshot's position, with other entries: as if the
        // log had been rewritten (forked) after the snapshot was taken.
        string rewritten = "azseq-relog-" + _runId;
        var storage = new BlobLogStorage(new BlobLogStorageOptions { ConnectionString = components.StorageConnectionString, ContainerName = rewritten });
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new NoteCheckpointSigner(Origin, new NoteSigner(_keys.Signer)), Ct);
        var fresh = new Ledger("r");
        await writer.AppendAsync([.. Enumerable.Range(0, 450).Select(i => (ReadOnlyMemory<byte>)fresh.Add(i))], Ct);

        AzureSequencerIndexSiloConfigurator.Messages.Clear();
        await using TestCluster second = await StartAsync(rewritten);
        IAuditLogGrain log = Sequencer(second);
        await fresh.AssertAnsweredAsync(log);
        Assert.Null(await log.FindAsync(old.IdAt(0)));
        Assert.Contains(Logged(), message => message.StartsWith("Discarded the sequencer's index, rebuilding it from the log: the log's root at size", StringComparison.Ordinal));
        Assert.Equal(450UL, IndexedAtOpen());
    }

    [Fact]
    public async Task Silos_killed_while_snapshots_are_written_leave_a_sequencer_that_answers_every_acknowledged_id()
    {
        string logContainer = "azseq-log-" + _runId;
        var ledger = new Ledger();
        var random = new Random(5);
        for (int round = 0; round < 3; round++)
        {
            TestCluster cluster = await StartAsync(logContainer, snapshotEvery: 20);
            try
            {
                IAuditLogGrain log = Sequencer(cluster);
                await ledger.AssertAnsweredAsync(log);
                using var kill = new CancellationTokenSource(TimeSpan.FromMilliseconds(300 + random.Next(700)));
                while (!kill.IsCancellationRequested)
                {
                    await ledger.AppendAsync(log, 40, random); // each batch of 40 starts a snapshot (every 20)
                }

                // Killed, not stopped: no deactivation runs, whatever snapshot was being merged or uploaded is cut off.
                await cluster.KillSiloAsync(cluster.Primary!, Ct);
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }

        await using TestCluster last = await StartAsync(logContainer, snapshotEvery: 20);
        IAuditLogGrain restarted = Sequencer(last);
        await ledger.AssertAnsweredAsync(restarted);
        Assert.Equal((ulong)ledger.Size, (await restarted.GetTreeHeadAsync()).TreeSize);
    }

    private static IAuditLogGrain Sequencer(TestCluster cluster) => cluster.Client.GetGrain<IAuditLogGrain>(Origin);

    private static string[] Logged() => [.. AzureSequencerIndexSiloConfigurator.Messages];

    /// <summary>How many entries the last sequencer to open the log indexed at activation.</summary>
    private static ulong IndexedAtOpen() =>
        ulong.Parse(Logged().Select(message => OpenedPattern().Match(message)).Last(match => match.Success).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("^Opened the log .* indexed its last ([0-9]+) entries$")]
    private static partial Regex OpenedPattern();

    private async Task<TestCluster> StartAsync(string logContainer, int snapshotEvery = SnapshotEvery)
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[AzureSequencerIndexSiloConfigurator.StorageKey] = components.StorageConnectionString;
        builder.Properties[AzureSequencerIndexSiloConfigurator.LogContainerKey] = logContainer;
        builder.Properties[AzureSequencerIndexSiloConfigurator.SnapshotContainerKey] = SnapshotContainer;
        builder.Properties[AzureSequencerIndexSiloConfigurator.SignerKeyKey] = _keys.Signer;
        builder.Properties[AzureSequencerIndexSiloConfigurator.OriginKey] = Origin;
        builder.Properties[AzureSequencerIndexSiloConfigurator.SnapshotEveryKey] = snapshotEvery.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<AzureSequencerIndexSiloConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync(Ct);
        return cluster;
    }

    private BlobClient SnapshotBlob() =>
        new BlobContainerClient(components.StorageConnectionString, SnapshotContainer).GetBlobClient(GrainSnapshot.NameOf(LogIndexSnapshots.Kind, Origin) + ".snapshot");

    private Task<byte[]?> ReadSnapshotAsync() =>
        new BlobSnapshotStore(new BlobContainerClient(components.StorageConnectionString, SnapshotContainer)).ReadAsync(GrainSnapshot.NameOf(LogIndexSnapshots.Kind, Origin), Ct);

    private async Task WaitForSnapshotAsync(ulong minimumSize = 1)
    {
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (await ReadSnapshotAsync() is { } bytes && GrainSnapshot.Decode(bytes).TreeSize >= minimumSize)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No snapshot of the sequencer's index at size {minimumSize} or more was written:\n{string.Join('\n', Logged())}");
    }

    /// <summary>What the test appended: each entry's id, bytes and leaf, in log order.</summary>
    private sealed class Ledger(string prefix = "e")
    {
        private readonly List<(string Id, byte[] Entry, string Program)> _entries = [];
        private readonly Dictionary<string, ulong> _leaves = new(StringComparer.Ordinal);

        public int Size => _entries.Count;

        public string IdAt(int leaf) => _entries[leaf].Id;

        public ulong LeafOf(string id) => _leaves[id];

        public byte[] EntryOf(string id) => _entries[(int)_leaves[id]].Entry;

        public static byte[] Entry(string id, string program, string value) =>
            Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","program":"{{program}}","v":"{{value}}"}""");

        /// <summary>Adds the next entry as if at leaf <paramref name="leaf"/> and answers its bytes (for a log written directly).</summary>
        public byte[] Add(int leaf)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{leaf:D6}");
            byte[] entry = Entry(id, Programs[leaf % Programs.Length], "v");
            _entries.Add((id, entry, Programs[leaf % Programs.Length]));
            _leaves[id] = (ulong)leaf;
            return entry;
        }

        /// <summary>Appends <paramref name="count"/> new entries in batches, with some already-logged ones sent again among them.</summary>
        public async Task AppendAsync(IAuditLogGrain log, int count, Random random)
        {
            for (int done = 0; done < count;)
            {
                int size = Math.Min(count - done, 1 + random.Next(60));
                var batch = new List<byte[]>();
                var fresh = new List<(string Id, byte[] Entry, string Program)>();
                for (int i = 0; i < size; i++)
                {
                    if (_entries.Count > 0 && random.Next(6) == 0)
                    {
                        batch.Add(_entries[random.Next(_entries.Count)].Entry); // sent again: answered with its first leaf
                    }

                    string id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{_entries.Count + fresh.Count:D6}");
                    string program = Programs[random.Next(Programs.Length)];
                    fresh.Add((id, Entry(id, program, "v"), program));
                    batch.Add(fresh[^1].Entry);
                }

                LogAppendReceipt[] receipts = await log.AppendManyAsync([.. batch]);
                foreach (LogAppendReceipt receipt in receipts)
                {
                    if (_leaves.TryGetValue(receipt.EntryId, out ulong leaf))
                    {
                        Assert.Equal(leaf, receipt.LeafIndex);
                    }
                }

                foreach ((string Id, byte[] Entry, string Program) entry in fresh)
                {
                    LogAppendReceipt receipt = receipts.First(r => r.EntryId == entry.Id);
                    Assert.Equal((ulong)_entries.Count, receipt.LeafIndex);
                    _entries.Add(entry);
                    _leaves[entry.Id] = receipt.LeafIndex;
                }

                done += size;
            }
        }

        /// <summary>The sequencer answers every id with its leaf, and every program's entries from a few starting points.</summary>
        public async Task AssertAnsweredAsync(IAuditLogGrain log)
        {
            Assert.Equal((ulong)Size, (await log.GetTreeHeadAsync()).TreeSize);
            foreach ((string id, ulong leaf) in _leaves)
            {
                Assert.Equal(leaf, await log.FindAsync(id));
            }

            Assert.Null(await log.FindAsync(prefix + "-absent"));
            foreach (string program in Programs)
            {
                foreach (int from in new[] { 0, Size / 3, Size - 1, Size + 5 })
                {
                    ulong[] expected = [.. _entries.Select((entry, leaf) => (entry.Program, Leaf: (ulong)leaf)).Where(e => e.Program == program && e.Leaf >= (ulong)Math.Max(0, from)).Select(e => e.Leaf)];
                    Assert.Equal(expected, await log.GetSubjectEntriesAsync(LogSubjects.Program(program), (ulong)Math.Max(0, from)));
                }
            }
        }
    }
}
