using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// DESIGN §2.1, "an acknowledged write survives kill -9": 16 clients disburse while the real server process is
/// killed with SIGKILL at a random moment, three times over the same data directory. Every 201 the clients got must
/// be in the log afterwards, at the leaf it was acknowledged with, with a receipt that verifies; the log's files must
/// verify as a whole; the budget must hold exactly what the log says was disbursed, and nothing reserved.
/// </summary>
/// <remarks>
/// The kill moments come from a fixed seed (printed; set <c>OVERSIGHT_HTTP_CRASH_SEED</c> to try another). The
/// requests a kill cut off are in doubt: they are sent again after the restart, and must then succeed exactly once.
/// Runs on its own server, beside (not inside) the shared-server collection.
/// </remarks>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class CrashTests
{
    private const int DefaultSeed = 20_250_611;
    private const int Workers = 16;
    private const int Rounds = 3;
    private const int Beneficiaries = 64;
    private const string Funds = "50000000.00";
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_disbursement_survives_SIGKILL_of_the_server()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("OVERSIGHT_HTTP_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int chosen) ? chosen : DefaultSeed;
        var random = new Random(seed);
        Report($"Crash test seed {seed} (set OVERSIGHT_HTTP_CRASH_SEED to change it).");

        // The kills must land under load, not on a throttled trickle: this test is about durability, so no rate limit.
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        string agencyKey;
        FundedProgram setup;
        using (HttpClient admin = server.CreateClient(ServerProcess.AdminKey))
        using (HttpClient donor = server.CreateClient(await admin.CreateKeyAsync("donor", "crash-donor", Ct)))
        using (HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "crash-watchdog", Ct)))
        {
            agencyKey = await admin.CreateKeyAsync("agency", "crash-agency", Ct);
            using HttpClient agency = server.CreateClient(agencyKey);
            setup = await FundedProgram.CreateAsync(donor, watchdog, agency, Beneficiaries, Funds, Funds, Ct);
        }

        var load = new Load(setup);
        for (int round = 1; round <= Rounds; round++)
        {
            using HttpClient agency = server.CreateClient(agencyKey);
            int retried = await load.RetryInDoubtAsync(agency, server);
            int before = load.Acknowledged.Count;
            int killAfterMs = random.Next(300, 2500);
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            Task[] workers = [.. Enumerable.Range(0, Workers).Select(_ => Task.Run(() => load.RunWorkerAsync(agency, stop.Token), CancellationToken.None))];

            // Kill at a random moment once the load is flowing (at least one 201 this round).
            while (load.Acknowledged.Count == before && clock.Elapsed < RoundTimeout && load.Unexpected.IsEmpty)
            {
                await Task.Delay(10, Ct);
            }

            Assert.True(load.Acknowledged.Count > before, $"Round {round}: no disbursement was acknowledged.\n{load.Describe()}\n{server.RecentOutput()}");
            await Task.Delay(killAfterMs, Ct);

            // The clients keep sending while the server dies: the kill lands on requests in flight, not on a quiet moment.
            int inFlight = load.InFlight;
            var killing = Stopwatch.StartNew();
            server.Kill();
            long killMs = killing.ElapsedMilliseconds;
            await stop.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(RoundTimeout, Ct);
            Report($"Round {round} (seed {seed}): {retried} in-doubt requests retried; killed {killAfterMs} ms after the first 201, " +
                $"{clock.ElapsedMilliseconds} ms into the round, {inFlight} requests in flight (the kill took {killMs} ms); {load.Acknowledged.Count - before} acknowledged this round, {load.InDoubtCount} in doubt (cut off or refused).");
            Assert.True(load.Unexpected.IsEmpty, $"Round {round}: answers other than 201 Created:\n{load.Describe()}");

            await server.RestartAsync(Ct);
        }

        using HttpClient reader = server.CreateClient();
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Report($"After the last restart: {await load.RetryInDoubtAsync(agency, server)} in-doubt requests retried.");
        }

        Assert.True(load.Unexpected.IsEmpty, $"Answers other than 201 Created:\n{load.Describe()}");
        await VerifyLogAsync(server, reader, setup, load.Acknowledged);
    }

    /// <summary>The checks at the end, against the log's own files and the restarted server.</summary>
    private static async Task VerifyLogAsync(ServerProcess server, HttpClient reader, FundedProgram setup, ConcurrentDictionary<string, ulong> acknowledged)
    {
        var verifier = new NoteVerifier((await reader.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim());
        byte[] served = await reader.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        SignedCheckpoint signed = SignedCheckpoint.Open(await LogFiles.WaitForCheckpointAsync(server.LogDirectory, served, Ct), verifier);
        Checkpoint checkpoint = signed.Checkpoint;
        Assert.Equal(signed.Format(), served);

        // The whole log: every entry hashes to its leaf in the tiles, and the tiles to the signed root.
        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(server.LogDirectory), checkpoint.Size, checkpoint.Root, cancellationToken: Ct);
        List<byte[]> entries = await LogFiles.ReadEntriesAsync(server.LogDirectory, checkpoint.Size, Ct);
        var ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var disbursed = new List<(ulong Leaf, Disbursed Entry)>();
        for (int i = 0; i < entries.Count; i++)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(entries[i]);
            Assert.True(ids.TryAdd(entry.Id, (ulong)i), $"The entry id '{entry.Id}' is in the log twice: leaves {ids.GetValueOrDefault(entry.Id)} and {i}.");
            if (entry is Disbursed d)
            {
                disbursed.Add(((ulong)i, d));
            }
        }

        Report($"The log: {checkpoint.Size} entries, {disbursed.Count} Disbursed; {acknowledged.Count} disbursements acknowledged.");

        // Every acknowledged disbursement is in the files at the leaf it was acknowledged with...
        foreach ((string id, ulong leaf) in acknowledged)
        {
            Assert.True(ids.TryGetValue(EntryIds.Disbursement(setup.Program, id), out ulong loggedAt), $"The acknowledged disbursement {id} (leaf {leaf}) is not in the log.");
            Assert.True(loggedAt == leaf, $"The acknowledged disbursement {id} was acknowledged at leaf {leaf} but is at leaf {loggedAt}.");
            Assert.IsType<Disbursed>(LedgerEntryParser.Parse(entries[(int)leaf]));
        }

        // ...and its receipt from the restarted server proves it against the current signed checkpoint.
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = Ct }, async (pair, ct) =>
        {
            Checkpoint proven = await ReceiptAssert.VerifiesAsync(reader, verifier, setup.Program, pair.Key, pair.Value, entries[(int)pair.Value], ct);
            Assert.Equal(checkpoint, proven);
        });

        // The money: the budget holds what the log says was disbursed from it, and nothing is left reserved.
        decimal logged = disbursed.Where(d => d.Entry.Budget == setup.Budget).Sum(d => decimal.Parse(d.Entry.Amount.ToDecimalString(), CultureInfo.InvariantCulture));
        JsonElement budget = await reader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
        Assert.Equal(logged, budget.Amount("disbursed"));
        Assert.Equal(0m, budget.Amount("reserved"));
        Assert.Equal(budget.Amount("released") - logged, budget.Amount("available"));
        JsonElement program = await reader.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal(disbursed.Count(d => d.Entry.Program == setup.Program), program.GetProperty("disbursements").GetInt32());
        Assert.Equal(logged, program.Amount("disbursed"));
    }

    private static void Report(string message)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        TestContext.Current.SendDiagnosticMessage(message);
    }

    /// <summary>The disbursing clients' shared bookkeeping: what was acknowledged, what a kill left in doubt.</summary>
    private sealed class Load(FundedProgram setup)
    {
        private readonly ConcurrentDictionary<string, object> _requests = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _inDoubt = new();
        private int _next;
        private int _inFlight;

        /// <summary>Every disbursement answered 201, with its leaf.</summary>
        public ConcurrentDictionary<string, ulong> Acknowledged { get; } = new(StringComparer.Ordinal);

        /// <summary>Answers that are neither 201 nor a connection cut by the kill.</summary>
        public ConcurrentQueue<string> Unexpected { get; } = new();

        public int InDoubtCount => _inDoubt.Count;

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Disburses new ids until stopped; an exception (the kill) leaves the request in doubt.</summary>
        public async Task RunWorkerAsync(HttpClient agency, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                int n = Interlocked.Increment(ref _next);
                string id = string.Create(CultureInfo.InvariantCulture, $"crash-{n:D7}");
                object body = new
                {
                    id,
                    budget = setup.Budget,
                    beneficiary = setup.Beneficiaries[n % setup.Beneficiaries.Count],
                    amount = string.Create(CultureInfo.InvariantCulture, $"{1 + (n % 9)}.{n % 100:D2}"),
                };
                _requests[id] = body;
                if (!await SendAsync(agency, id, body, CancellationToken.None))
                {
                    _inDoubt.Enqueue(id);
                }
            }
        }

        /// <summary>Sends every in-doubt request again (the server is up): each must now be acknowledged.</summary>
        public async Task<int> RetryInDoubtAsync(HttpClient agency, ServerProcess server)
        {
            string[] ids = [.. _inDoubt];
            _inDoubt.Clear();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = Ct }, async (id, ct) =>
            {
                bool answered = await SendAsync(agency, id, _requests[id], ct);
                Assert.True(answered, $"The retry of {id} got no answer from the restarted server.\n{server.RecentOutput()}");
            });
            return ids.Length;
        }

        public string Describe() => $"{Acknowledged.Count} acknowledged, {_inDoubt.Count} in doubt; unexpected:\n{string.Join('\n', Unexpected.Take(20))}";

        /// <summary>True when the server answered (201 recorded, anything else noted as unexpected); false when the connection failed.</summary>
        private async Task<bool> SendAsync(HttpClient agency, string id, object body, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                using HttpResponseMessage response = await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", body, cancellationToken);
                string text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Unexpected.Enqueue($"{id}: {(int)response.StatusCode} {LedgerHttp.Shorten(text)}");
                    return true;
                }

                using var document = JsonDocument.Parse(text);
                ulong leaf = document.RootElement.GetProperty("leafIndex").GetUInt64();
                ulong first = Acknowledged.GetOrAdd(id, leaf);
                if (first != leaf)
                {
                    Unexpected.Enqueue($"{id}: acknowledged at leaf {first}, then at leaf {leaf}");
                }

                return true;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
