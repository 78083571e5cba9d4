using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// The sequencer drains when it is deactivated (as on a silo's graceful shutdown): appends it has taken are answered,
/// with their leaf or with an error, never dropped to hang until the caller's timeout, and every answered leaf is in
/// the log; an append answered with an error is in doubt, and sending it again (same id, same bytes) settles it at one
/// leaf. Deactivated three times under the load of 16 appending callers, on a two-silo test cluster.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
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
            var failures = new ConcurrentDictionary<string, Exception>(StringComparer.Ordinal);
            string run = Guid.NewGuid().ToString("N")[..8];
            string IdOf(int n) => string.Create(CultureInfo.InvariantCulture, $"drain-{run}-{n:D5}");
            byte[] EntryOf(string id) => Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","kind":"DrainTest","v":1}""");
            int next = 0;

            async Task CallerAsync()
            {
                for (int n = Interlocked.Increment(ref next); n <= Appends; n = Interlocked.Increment(ref next))
                {
                    string id = IdOf(n);
                    try
                    {
                        receipts[id] = (await log.AppendAsync(EntryOf(id))).LeafIndex;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        failures[id] = e;
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
            Assert.DoesNotContain(failures.Values, e => e is TimeoutException);
            Assert.True(receipts.Count >= Appends / 2, $"Only {receipts.Count} of {Appends} appends succeeded: {string.Join("; ", failures.Values.Take(3).Select(e => e.Message))}");

            // A failed append is in doubt: it may have landed or not. Sent again, each lands once (or is found where it landed).
            Dictionary<string, ulong> retried = [];
            foreach (string id in failures.Keys)
            {
                retried[id] = (await log.AppendAsync(EntryOf(id))).LeafIndex;
            }

            // The log verifies, and from where the test started it holds exactly the test's entries, each once: an
            // acknowledged one at the leaf it was acknowledged with, a retried one at the leaf its retry answered.
            LedgerLogFiles files = directory.OpenLogFiles();
            Checkpoint checkpoint = (await files.VerifyAsync(Ct)).Checkpoint;
            byte[][] entries = await files.ReadAllAsync(checkpoint.Size, Ct);
            var logged = new Dictionary<string, ulong>(StringComparer.Ordinal);
            for (ulong leaf = start; leaf < checkpoint.Size; leaf++)
            {
                using JsonDocument entry = JsonDocument.Parse(entries[leaf]);
                string id = entry.RootElement.GetProperty("id").GetString()!;
                Assert.True(logged.TryAdd(id, leaf), $"{id} is in the log twice: leaves {logged.GetValueOrDefault(id)} and {leaf}.");
            }

            Assert.Equal(Enumerable.Range(1, Appends).Select(IdOf).Order(StringComparer.Ordinal), logged.Keys.Order(StringComparer.Ordinal));
            foreach ((string id, ulong leaf) in receipts.Concat(retried))
            {
                Assert.True(logged[id] == leaf, $"{id} was answered with leaf {leaf}, but the log has it at leaf {logged[id]}.");
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None);
            await cluster.DisposeAsync();
        }
    }
}
