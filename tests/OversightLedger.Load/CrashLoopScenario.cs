using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Load;

/// <summary>
/// <c>crash-loop</c>: a crash soak. Under load (clients posting single disbursements, one posting payment lists, one
/// reading the checkpoint), the started server is killed with SIGKILL at a random moment, restarted on the same data
/// directory, and checked: every acknowledged disbursement is the entry at the leaf it was acknowledged at; every
/// checkpoint served before the kill, and the one after, is signed by the log's key and the root of a prefix of the same
/// leaves, read from the tiles (<see cref="VerifiedLogFollower"/>); the budget's disbursed total equals what the log's
/// entries add up to. Repeated K times.
/// </summary>
internal static class CrashLoopScenario
{
    // The kill comes this long after the round's first acknowledgement (so always under load: the restarted server takes a
    // second or more to answer its first requests).
    private static readonly TimeSpan ShortestLoad = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestLoad = TimeSpan.FromMilliseconds(3500);
    private static readonly TimeSpan FirstAcknowledgementTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CheckpointPollInterval = TimeSpan.FromMilliseconds(20);
    private const int MaxProblemsPrinted = 20;

    /// <summary>Runs the soak; the report row, and whether everything held.</summary>
    public static async Task<(ScenarioResult Result, bool Held)> RunAsync(
        LoadSettings settings, int kills, int clients, int listRows, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        ServerUnderTest server = await ServerUnderTest.StartAsync(settings.KeepData, cancellationToken).ConfigureAwait(false);
        try
        {
            await Console.Error.WriteLineAsync($"crash-loop: server {server.Address} (pid {server.ProcessId}), {kills} kills, {clients} clients + 1 posting lists of {listRows} rows, seed {seed}").ConfigureAwait(false);
            LoadLedger ledger = await LedgerSetup.CreateAsync(server.Address, server.AdminKey, settings.Programs, settings.Beneficiaries, cancellationToken).ConfigureAwait(false);
            long minorUnits = (long)(decimal.Parse(ledger.Amount, CultureInfo.InvariantCulture) * 100); // USD

            string verifierKey = await GetTextAsync(server.Address, "log/key", cancellationToken).ConfigureAwait(false);
            var follower = new VerifiedLogFollower(new NoteVerifier(verifierKey), ledger.Budget);
            var tally = new SoakTally();
            if (await CheckAsync(server.Address, follower, verifierKey, ledger.Budget, [], [], tally, cancellationToken).ConfigureAwait(false) is string setUpProblem)
            {
                throw new InvalidOperationException($"The log after set-up does not check: {setUpProblem}");
            }

            var readyTimes = new List<double>();
            var clock = Stopwatch.StartNew();
            for (int round = 1; round <= kills && !tally.Broken; round++)
            {
                TimeSpan loadBeforeKill = ShortestLoad + ((LongestLoad - ShortestLoad) * random.NextDouble());
                var acknowledged = new ConcurrentQueue<AcknowledgedDisbursement>();
                TimeSpan killedAfter;
                var served = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
                var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
                using (var roundEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                using (HttpClient http = Client(server.Address, ledger.AgencyKey, clients + 2))
                {
                    Task[] load =
                    [
                        .. Enumerable.Range(0, clients).Select(client => PostSinglesAsync(http, ledger, minorUnits, round, client, acknowledged, errors, roundEnd.Token)),
                        PostListsAsync(http, ledger, minorUnits, round, listRows, acknowledged, errors, roundEnd.Token),
                        ReadCheckpointsAsync(http, served, roundEnd.Token),
                    ];
                    var roundClock = Stopwatch.StartNew();
                    while (acknowledged.IsEmpty && roundClock.Elapsed < FirstAcknowledgementTimeout)
                    {
                        await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                    }

                    await Task.Delay(loadBeforeKill, cancellationToken).ConfigureAwait(false);
                    killedAfter = roundClock.Elapsed;
                    await server.KillAsync().ConfigureAwait(false);
                    await roundEnd.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(load).ConfigureAwait(false);
                }

                var restart = Stopwatch.StartNew();
                server = await server.RestartAsync(cancellationToken).ConfigureAwait(false);
                readyTimes.Add(restart.Elapsed.TotalSeconds);
                tally.Restarts++;
                tally.Kills++;
                tally.KillsAfterAcknowledgements += acknowledged.IsEmpty ? 0 : 1;
                foreach ((string kind, long count) in errors)
                {
                    tally.Errors[kind] = tally.Errors.GetValueOrDefault(kind) + count;
                }

                string? problem = await CheckAsync(server.Address, follower, verifierKey, ledger.Budget, [.. acknowledged], [.. served.Values], tally, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"round {round}: killed after {killedAfter.TotalSeconds:0.0} s with {acknowledged.Count} acknowledged ({acknowledged.Count(a => a.ClientId.StartsWith("k-", StringComparison.Ordinal))} single), {served.Count} checkpoints seen; ready again in {readyTimes[^1]:0.0} s; log {follower.VerifiedSize:N0} leaves; {problem ?? "all held"}")).ConfigureAwait(false);
            }

            readyTimes.Sort();
            bool held = tally.Lost == 0 && tally.Forks == 0 && tally.BalanceMismatches == 0 && !tally.Broken && tally.Kills == kills;
            string result = string.Create(
                CultureInfo.InvariantCulture,
                $"{tally.Kills} kills (SIGKILL; {tally.KillsAfterAcknowledgements} of them after acknowledgements in their round, the rest before the first one: none came within a minute), {tally.Acknowledged:N0} disbursements acknowledged ({tally.AcknowledgedRows:N0} of them payment-list rows), "
                + $"**lost {tally.Lost}, forks {tally.Forks}, balance mismatches {tally.BalanceMismatches}**; {tally.Restarts} restarts, time to ready "
                + $"p50 {Percentile(readyTimes, 0.5):0.0} s / max {(readyTimes.Count == 0 ? 0 : readyTimes[^1]):0.0} s; {tally.Checkpoints:N0} served checkpoints checked; "
                + $"log {follower.VerifiedSize:N0} leaves; {clock.Elapsed.TotalMinutes:0.0} min; {clients} clients + payment lists of {listRows} rows, seed {seed}");
            string errorsText = tally.Errors.Count == 0 ? "0"
                : string.Join(", ", tally.Errors.OrderByDescending(e => e.Value).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value:N0} × {e.Key}")));
            return (new ScenarioResult("crash-loop", result, double.NaN, double.NaN, errorsText, "—", "—"), held);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The checks after a restart: the log's key is the same; the log's current checkpoint and every one served in the
    /// round are roots of prefixes of the leaves in the tiles; every acknowledged disbursement is at its leaf; the budget's
    /// disbursed total is the log's. Counts what failed in <paramref name="tally"/>; the first problem, or null.
    /// </summary>
    private static async Task<string?> CheckAsync(
        Uri server, VerifiedLogFollower follower, string verifierKey, string budget, AcknowledgedDisbursement[] acknowledged, byte[][] served,
        SoakTally tally, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        if (await GetTextAsync(server, "log/key", cancellationToken).ConfigureAwait(false) != verifierKey)
        {
            problems.Add("the log's key changed");
            tally.Forks++;
        }

        var seen = new List<Checkpoint>();
        foreach (byte[] note in served)
        {
            try
            {
                seen.Add(follower.Open(note));
            }
            catch (NoteVerificationException e)
            {
                problems.Add($"a served checkpoint does not verify: {e.Message}");
                tally.Forks++;
            }
        }

        Checkpoint latest = follower.Open(await http.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        if (await follower.CatchUpAsync(new HttpLogReader(http, new Uri(server, "log/")), latest, seen.Select(c => c.Size).ToHashSet(), cancellationToken).ConfigureAwait(false) is string broken)
        {
            problems.Add($"the log after the restart: {broken}");
            tally.Forks++;
            tally.Broken = true;
        }

        foreach (Checkpoint checkpoint in seen.Append(latest))
        {
            tally.Checkpoints++;
            if (follower.CheckPrefix(checkpoint) is string fork)
            {
                problems.Add(fork);
                tally.Forks++;
            }
        }

        foreach (AcknowledgedDisbursement disbursement in acknowledged)
        {
            tally.Acknowledged++;
            tally.AcknowledgedRows += disbursement.ClientId.StartsWith("l-", StringComparison.Ordinal) ? 1 : 0;
            if (follower.CheckAcknowledged(disbursement) is string lost)
            {
                problems.Add(lost);
                tally.Lost++;
            }
        }

        using JsonDocument view = JsonDocument.Parse(await http.GetByteArrayAsync(new Uri($"api/budgets/{budget}", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        string disbursed = view.RootElement.GetProperty("disbursed").GetString()!;
        if (decimal.Parse(disbursed, CultureInfo.InvariantCulture) != decimal.Parse(follower.Disbursed, CultureInfo.InvariantCulture))
        {
            problems.Add($"the budget says {disbursed} disbursed, its log entries add up to {follower.Disbursed}");
            tally.BalanceMismatches++;
        }

        foreach (string problem in problems.Take(MaxProblemsPrinted))
        {
            await Console.Error.WriteLineAsync($"  PROBLEM: {problem}").ConfigureAwait(false);
        }

        return problems.FirstOrDefault();
    }

    private static async Task PostSinglesAsync(
        HttpClient http, LoadLedger ledger, long minorUnits, int round, int client, ConcurrentQueue<AcknowledgedDisbursement> acknowledged,
        ConcurrentDictionary<string, long> errors, CancellationToken roundEnd)
    {
        string program = ledger.Programs[client % ledger.Programs.Length];
        for (int sequence = 0; !roundEnd.IsCancellationRequested; sequence++)
        {
            string id = $"k-{ledger.RunId}-{round}-{client}-{sequence}";
            string beneficiary = ledger.Beneficiaries[(client + (sequence * 7)) % ledger.Beneficiaries.Length];
            try
            {
                using HttpResponseMessage response = await http.PostAsJsonAsync(
                    $"api/programs/{program}/disbursements", new { id, budget = ledger.Budget, beneficiary, amount = ledger.Amount }, roundEnd).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    continue;
                }

                using JsonDocument created = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(roundEnd).ConfigureAwait(false));
                acknowledged.Enqueue(new AcknowledgedDisbursement(created.RootElement.GetProperty("leafIndex").GetUInt64(), id, program, ledger.Budget, minorUnits));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return; // the server was killed (or the round ended): this request was never acknowledged
            }
        }
    }

    private static async Task PostListsAsync(
        HttpClient http, LoadLedger ledger, long minorUnits, int round, int rows, ConcurrentQueue<AcknowledgedDisbursement> acknowledged,
        ConcurrentDictionary<string, long> errors, CancellationToken roundEnd)
    {
        string program = ledger.Programs[0];
        for (int list = 0; !roundEnd.IsCancellationRequested; list++)
        {
            var csv = new StringBuilder("id,budget,beneficiary,amount\n");
            for (int row = 0; row < rows; row++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"l-{ledger.RunId}-{round}-{list}-{row},{ledger.Budget},{ledger.Beneficiaries[row % ledger.Beneficiaries.Length]},{ledger.Amount}\n");
            }

            try
            {
                using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
                using HttpResponseMessage response = await http.PostAsync($"api/programs/{program}/payment-lists", content, roundEnd).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    errors.AddOrUpdate($"payment list HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    continue;
                }

                using JsonDocument report = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(roundEnd).ConfigureAwait(false));
                foreach (JsonElement result in report.RootElement.GetProperty("results").EnumerateArray())
                {
                    if (result.GetProperty("status").GetString() == "accepted")
                    {
                        acknowledged.Enqueue(new AcknowledgedDisbursement(
                            result.GetProperty("leafIndex").GetUInt64(), result.GetProperty("id").GetString()!, program, ledger.Budget, minorUnits));
                    }
                    else
                    {
                        errors.AddOrUpdate($"payment-list row {result.GetProperty("code").GetString()}", 1, (_, n) => n + 1);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the checkpoint over and over, keeping each distinct one served.</summary>
    private static async Task ReadCheckpointsAsync(HttpClient http, ConcurrentDictionary<string, byte[]> served, CancellationToken roundEnd)
    {
        while (!roundEnd.IsCancellationRequested)
        {
            try
            {
                byte[] note = await http.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), roundEnd).ConfigureAwait(false);
                served.TryAdd(Encoding.UTF8.GetString(note), note);
                await Task.Delay(CheckpointPollInterval, roundEnd).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static HttpClient Client(Uri server, string agencyKey, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agencyKey);
        return http;
    }

    private static async Task<string> GetTextAsync(Uri server, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        return (await http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false)).Trim();
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];

    /// <summary>What the soak counted.</summary>
    private sealed class SoakTally
    {
        public int Kills { get; set; }

        public int Restarts { get; set; }

        public int KillsAfterAcknowledgements { get; set; }

        public long Acknowledged { get; set; }

        public long AcknowledgedRows { get; set; }

        public long Lost { get; set; }

        public long Forks { get; set; }

        public long BalanceMismatches { get; set; }

        public long Checkpoints { get; set; }

        /// <summary>The log no longer checks at all: later rounds could not tell anything.</summary>
        public bool Broken { get; set; }

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);
    }
}
