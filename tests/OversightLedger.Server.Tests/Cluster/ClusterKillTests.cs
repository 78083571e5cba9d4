using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// The azure profile as a real cluster (issue 5): three server processes on loopback share Azurite and PostgreSQL;
/// 16 clients send disbursements spread over the three; the silo that hosts the log's sequencer is killed with SIGKILL
/// mid-load. The survivors must keep serving (the grains reactivate on them; a client whose request failed retries it,
/// with the same disbursement id, on another silo). Afterwards, read from the blobs without any silo: the log verifies,
/// every acknowledged disbursement is in it exactly once at the leaf it was acknowledged with, every checkpoint any
/// silo served during the run is signed and consistent with the final one (no fork), and the budget's balances are
/// what the log adds up to, live on the survivors and exactly after the cluster is restarted from storage.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzureClusterCollection.Name)]
public sealed class ClusterKillTests(AzureTestComponents components)
{
    private const int SiloCount = 3;
    private const int Workers = 16;
    private const int Disbursements = 600;
    private const int KillAfterAcknowledged = 200;
    private const int Beneficiaries = 64;
    private const string Funds = "50000000.00";
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_disbursement_is_logged_once_when_a_silo_is_killed_under_load()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = new AzureTestCluster(components);
        ServerProcess first = await cluster.StartSiloAsync(Ct);
        await Task.WhenAll(Enumerable.Range(1, SiloCount - 1).Select(_ => cluster.StartSiloAsync(Ct)));
        long startedMs = clock.ElapsedMilliseconds;

        string agencyKey;
        FundedProgram setup;
        using (HttpClient admin = first.CreateClient(ServerProcess.AdminKey))
        using (HttpClient donor = first.CreateClient(await admin.CreateKeyAsync("donor", "cluster-donor", Ct)))
        using (HttpClient watchdog = first.CreateClient(await admin.CreateKeyAsync("watchdog", "cluster-watchdog", Ct)))
        {
            agencyKey = await admin.CreateKeyAsync("agency", "cluster-agency", Ct);
            using HttpClient agency = first.CreateClient(agencyKey);
            setup = await FundedProgram.CreateAsync(donor, watchdog, agency, Beneficiaries, Funds, Funds, Ct);
        }

        long setUpMs = clock.ElapsedMilliseconds;
        var load = new ClusterLoad(cluster.Silos, setup, agencyKey, cluster.RunId);
        using var observing = new CancellationTokenSource();
        var observed = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        Task observer = ObserveCheckpointsAsync(load, observed, observing.Token);
        var loadClock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, Workers).Select(_ => Task.Run(() => load.RunWorkerAsync(Disbursements, loadClock), CancellationToken.None))];

        // Kill, once the load flows, the silo that hosts the sequencer (it logged opening or creating the log).
        while (load.Acknowledged.Count < KillAfterAcknowledged && !workers.All(w => w.IsCompleted))
        {
            await Task.Delay(5, Ct);
        }

        ServerProcess victim = cluster.Silos.LastOrDefault(s => s.Printed("Created the log") || s.Printed("Opened the log")) ?? cluster.Silos[1];
        int inFlight = load.InFlight;
        load.MarkDown(victim);
        victim.Kill();
        long killedAtMs = loadClock.ElapsedMilliseconds;
        int acknowledgedAtKill = load.Acknowledged.Count;

        await Task.WhenAll(workers).WaitAsync(LoadTimeout, Ct);
        long loadMs = loadClock.ElapsedMilliseconds;
        await observing.CancelAsync();
        await observer;
        Report($"Cluster of {SiloCount} silos started in {startedMs} ms, set up in {setUpMs - startedMs} ms. Killed {victim.Name} (the sequencer's host) " +
            $"{killedAtMs} ms into the load, after {acknowledgedAtKill} acknowledgements, {inFlight} requests in flight; " +
            $"{load.Acknowledged.Count}/{Disbursements} acknowledged in {loadMs} ms with {load.Retries} retries; longest pause between two " +
            $"acknowledgements after the kill: {load.LongestPauseAfter(killedAtMs)} ms; {observed.Count} distinct checkpoints observed.");
        Assert.True(load.Unexpected.IsEmpty, $"Unexpected answers:\n{string.Join('\n', load.Unexpected.Take(20))}\n{cluster.Output()}");
        Assert.Equal(Disbursements, load.Acknowledged.Count);

        var verifier = new NoteVerifier(cluster.VerifierKey);
        BlobLogStorage storage = cluster.OpenLogStorage();
        (Checkpoint final, List<byte[]> entries) = await VerifyLogAsync(storage, verifier, setup.Program, load.Acknowledged);
        await VerifyNoForkAsync(storage, verifier, final, observed.Keys);

        // The money, live on a survivor: nothing was spent twice, nothing disbursed that the log lacks. Reservations of
        // rows whose program died with its silo after the append are still held (conservatively) until the budget's
        // reconciler or a restart settles them.
        decimal logged = entries.Select(entry => LedgerEntryParser.Parse(entry)).OfType<Disbursed>().Where(d => d.Budget == setup.Budget)
            .Sum(d => decimal.Parse(d.Amount.ToDecimalString(), CultureInfo.InvariantCulture));
        ServerProcess survivor = cluster.Silos.First(s => s.IsRunning);
        using (HttpClient reader = survivor.CreateClient())
        {
            JsonElement budget = await reader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
            Report($"Live budget on {survivor.Name}: disbursed {budget.Amount("disbursed")}, reserved {budget.Amount("reserved")}; the log adds up to {logged}.");
            Assert.True(budget.Amount("disbursed") <= logged, $"The budget says {budget.Amount("disbursed")} disbursed, the log only {logged}.");
            Assert.True(budget.Amount("disbursed") + budget.Amount("reserved") >= logged, "The budget holds less than the log says was disbursed.");
        }

        // A rolling restart: the survivors stop gracefully (SIGTERM), a fresh silo starts on the same storage and
        // rebuilds the budget and program from the log alone.
        foreach (ServerProcess silo in cluster.Silos.Where(s => s.IsRunning))
        {
            await silo.StopAsync(TimeSpan.FromSeconds(30));
        }

        ServerProcess restarted = await cluster.StartSiloAsync(Ct);
        using (HttpClient reader = restarted.CreateClient())
        {
            JsonElement budget = await reader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
            Assert.Equal(logged, budget.Amount("disbursed"));
            Assert.Equal(0m, budget.Amount("reserved"));
            Assert.Equal(budget.Amount("released") - logged, budget.Amount("available"));
            JsonElement program = await reader.GetJsonAsync($"api/programs/{setup.Program}", Ct);
            Assert.Equal(Disbursements, program.GetProperty("disbursements").GetInt32());
            Assert.Equal(logged, program.Amount("disbursed"));
            Assert.Equal(final.Format(), SignedCheckpoint.Open(await reader.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct), verifier).Checkpoint.Format());

            // A sample of receipts, from the restarted silo, prove their entries against the final checkpoint.
            foreach ((string id, ulong leaf) in load.Acknowledged.OrderBy(pair => pair.Key, StringComparer.Ordinal).Where((_, i) => i % 25 == 0))
            {
                Assert.Equal(final, await ReceiptAssert.VerifiesAsync(reader, verifier, setup.Program, id, leaf, entries[(int)leaf], Ct));
            }
        }

        Report($"Verified: {final.Size} entries in the log, every acknowledged disbursement once at its leaf, {observed.Count} observed checkpoints " +
            $"consistent with the final one, balances {logged} after the restart; {clock.ElapsedMilliseconds} ms in all.");
    }

    /// <summary>The final log, read from the blobs: its checkpoint's signature, every tile and entry, every acknowledged id once at its leaf.</summary>
    private static async Task<(Checkpoint Final, List<byte[]> Entries)> VerifyLogAsync(
        BlobLogStorage storage, NoteVerifier verifier, string program, ConcurrentDictionary<string, ulong> acknowledged)
    {
        byte[] note = await storage.ReadAsync(TilePath.Checkpoint, Ct) ?? throw new InvalidOperationException("The log has no checkpoint.");
        Checkpoint final = SignedCheckpoint.Open(note, verifier).Checkpoint;
        await TileLogVerifier.VerifyAsync(storage, final.Size, final.Root, cancellationToken: Ct);

        var entries = new List<byte[]>((int)final.Size);
        for (ulong bundle = 0; bundle < TileLayout.TileCount(final.Size, 0); bundle++)
        {
            string path = TilePath.Entries(bundle, TileLayout.TileWidth(final.Size, 0, bundle));
            byte[] bytes = await storage.ReadAsync(path, Ct) ?? throw new InvalidOperationException($"{path} is missing.");
            entries.AddRange(EntryBundle.Decode(bytes).Select(entry => entry.ToArray()));
        }

        var ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            string id = LedgerEntryParser.Parse(entries[i]).Id;
            Assert.True(ids.TryAdd(id, (ulong)i), $"The entry id '{id}' is in the log twice: leaves {ids.GetValueOrDefault(id)} and {i}.");
        }

        foreach ((string id, ulong leaf) in acknowledged)
        {
            Assert.True(ids.TryGetValue(EntryIds.Disbursement(program, id), out ulong at), $"The acknowledged disbursement {id} (leaf {leaf}) is not in the log.");
            Assert.True(at == leaf, $"The acknowledged disbursement {id} was acknowledged at leaf {leaf} but is at leaf {at}.");
            Assert.IsType<Disbursed>(LedgerEntryParser.Parse(entries[(int)leaf]));
        }

        return (final, entries);
    }

    /// <summary>Every checkpoint a silo served is signed by the log and leads to the final one by a consistency proof built from the blobs.</summary>
    private static async Task VerifyNoForkAsync(BlobLogStorage storage, NoteVerifier verifier, Checkpoint final, IEnumerable<string> observed)
    {
        var reader = new TileNodeHashReader(storage, final.Size);
        foreach (string note in observed)
        {
            Checkpoint old = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(note), verifier).Checkpoint;
            Assert.True(old.Size <= final.Size, $"A silo served a checkpoint of size {old.Size}, beyond the final {final.Size}.");
            if (old.Size == final.Size)
            {
                Assert.Equal(final.Root, old.Root);
            }
            else if (old.Size > 0)
            {
                MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(reader, old.Size, final.Size, Ct);
                ProofVerifier.VerifyConsistency(old.Size, final.Size, old.Root, final.Root, proof);
            }
        }
    }

    /// <summary>Polls <c>/log/checkpoint</c> on every silo that is up, every 100 ms, until stopped.</summary>
    private static async Task ObserveCheckpointsAsync(ClusterLoad load, ConcurrentDictionary<string, byte> observed, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(load.LiveClients(reader: true).Select(async client =>
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    using HttpResponseMessage response = await client.GetAsync(new Uri("log/checkpoint", UriKind.Relative), timeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        observed.TryAdd(await response.Content.ReadAsStringAsync(timeout.Token), 0);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
                {
                    // A silo going down, or the end of the run.
                }
            }));
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Report(string message)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        TestContext.Current.SendDiagnosticMessage(message);
    }
}
