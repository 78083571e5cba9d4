using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// The sequencer drains when it is deactivated (as on a silo's graceful shutdown): appends it has taken are answered,
/// with their leaf or with an error, never dropped to hang until the caller's timeout, and every answered leaf is in
/// the log. Deactivated three times under the load of 16 appending callers, on a two-silo test cluster.
/// </summary>
public sealed class SequencerDrainTests
{
    private const int Callers = 16;
    private const int Appends = 1500;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deactivating_the_sequencer_under_load_answers_every_append_it_took()
    {
        using var directory = new LedgerClusterDirectory();
        TestCluster cluster = await directory.StartClusterAsync(2, Ct);
        try
        {
            IAuditLogGrain log = cluster.Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);
            IManagementGrain management = cluster.Client.GetGrain<IManagementGrain>(0);
            ulong start = (await log.GetTreeHeadAsync()).TreeSize;
            var receipts = new ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
            var failures = new ConcurrentQueue<Exception>();
            int next = 0;

            async Task CallerAsync()
            {
                for (int n = Interlocked.Increment(ref next); n <= Appends; n = Interlocked.Increment(ref next))
                {
                    string id = string.Create(CultureInfo.InvariantCulture, $"drain-{n:D5}");
                    byte[] entry = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","kind":"DrainTest","v":1}""");
                    try
                    {
                        receipts[id] = (await log.AppendAsync(entry)).LeafIndex;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        failures.Enqueue(e);
                    }
                }
            }

            Task[] callers = [.. Enumerable.Range(0, Callers).Select(_ => Task.Run(CallerAsync, CancellationToken.None))];
            for (int round = 1; round <= 3; round++)
            {
                while (receipts.Count < round * Appends / 4 && !callers.All(c => c.IsCompleted))
                {
                    await Task.Delay(1, Ct);
                }

                await management.DeactivateGrain(log.GetGrainId(), Ct);
            }

            // Every call returns well within Orleans' response timeout: none of them was dropped.
            await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            TestContext.Current.SendDiagnosticMessage($"{receipts.Count} appends answered with a leaf, {failures.Count} with an error, across 3 deactivations.");
            Assert.DoesNotContain(failures, e => e is TimeoutException);
            Assert.Equal(Appends, receipts.Count + failures.Count);
            Assert.True(receipts.Count >= Appends / 2, $"Only {receipts.Count} of {Appends} appends succeeded: {string.Join("; ", failures.Take(3).Select(e => e.Message))}");

            // Every leaf answered is in the log, once, and the log verifies.
            LedgerLogFiles files = directory.OpenLogFiles();
            Checkpoint checkpoint = (await files.VerifyAsync(Ct)).Checkpoint;
            byte[][] entries = await files.ReadAllAsync(checkpoint.Size, Ct);
            foreach ((string id, ulong leaf) in receipts)
            {
                Assert.True(leaf >= start && leaf < checkpoint.Size, $"{id} was answered with leaf {leaf}, outside the log of {checkpoint.Size}.");
                Assert.Contains($"\"id\":\"{id}\"", Encoding.UTF8.GetString(entries[leaf]), StringComparison.Ordinal);
            }

            Assert.Equal(entries.Length, entries.Select(e => Encoding.UTF8.GetString(e)).Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None);
            await cluster.DisposeAsync();
        }
    }
}
