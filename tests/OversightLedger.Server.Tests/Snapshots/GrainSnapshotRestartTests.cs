using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, on the real server killed with SIGKILL: the budget and program grains restore from their snapshots
/// (written every few entries here, <c>--Snapshots:EveryEntries</c>), an id committed before the snapshot and one
/// committed after it return the same receipt and pay nothing twice, the cap holds across the restart mid-period, a
/// corrupted or stale snapshot is discarded with a warning (the grain replays the log), and killing the server while
/// snapshots are being written leaves it correct.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class GrainSnapshotRestartTests
{
    private const string Cap = "100.00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_restart_from_snapshots_ids_before_and_after_the_snapshot_replay_and_the_cap_holds()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "10"] }, Ct);
        (FundedProgram setup, string agencyKey) = await SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);
        string capped = setup.Beneficiaries[0];

        JsonElement before = await DisburseAsync(agency, setup, "before", capped, "60.00");
        for (int i = 0; i < 24; i++)
        {
            await DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
        }

        await WaitForSnapshotsAsync(server, setup, minimumSize: before.GetProperty("leafIndex").GetUInt64() + 1);
        JsonElement after = await DisburseAsync(agency, setup, "after", capped, "30.00");

        server.Kill();
        await server.RestartAsync(Ct);
        using HttpClient restarted = server.CreateClient(agencyKey);

        // Same receipt for an id committed before the snapshot and for one after it; no second payment.
        Assert.Equal(before.GetProperty("leafIndex").GetUInt64(), (await DisburseAsync(restarted, setup, "before", capped, "60.00")).GetProperty("leafIndex").GetUInt64());
        Assert.Equal(after.GetProperty("leafIndex").GetUInt64(), (await DisburseAsync(restarted, setup, "after", capped, "30.00")).GetProperty("leafIndex").GetUInt64());

        // The cap (100 a month): 90 paid to this beneficiary this month, before and after the snapshot.
        HttpResponseMessage over = await restarted.PostJsonAsync(
            $"api/programs/{setup.Program}/disbursements", new { id = "over", budget = setup.Budget, beneficiary = capped, amount = "10.01" }, Ct);
        Assert.NotEqual(HttpStatusCode.Created, over.StatusCode);
        Assert.Contains(Domain.Decisions.RejectionCode.CapExceeded, await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await DisburseAsync(restarted, setup, "last", capped, "10.00");
        Assert.Contains($"Restored program {setup.Program} from its snapshot", server.RecentOutput(), StringComparison.Ordinal);
        Assert.Contains($"Restored budget {setup.Budget} from its snapshot", server.RecentOutput(), StringComparison.Ordinal);

        await AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 27);
    }

    [Fact]
    public async Task Ids_reversals_and_deliveries_of_disbursements_the_program_let_go_of_are_answered_from_the_log()
    {
        // Issue 17, item 2: once a snapshot holds them, the program grain keeps no disbursement's facts; whatever names
        // one (a replayed id, a reversal, a delivery) reads it back from the log, before and after a restart.
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        (FundedProgram setup, string agencyKey) = await SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);
        string capped = setup.Beneficiaries[0];
        JsonElement reversedLater = await DisburseAsync(agency, setup, "old-rev", capped, "100.00");
        JsonElement deliveredLater = await DisburseAsync(agency, setup, "old-del", setup.Beneficiaries[1], "20.00");
        JsonElement last = default;
        for (int i = 0; i < 12; i++)
        {
            last = await DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
        }

        await WaitForSnapshotsAsync(server, setup, minimumSize: deliveredLater.GetProperty("leafIndex").GetUInt64() + 1);
        Assert.True(last.GetProperty("leafIndex").GetUInt64() > deliveredLater.GetProperty("leafIndex").GetUInt64());

        // The same activation, the disbursements below its snapshot let go of.
        Assert.Equal(reversedLater.GetProperty("leafIndex").GetUInt64(), (await DisburseAsync(agency, setup, "old-rev", capped, "100.00")).GetProperty("leafIndex").GetUInt64());
        HttpResponseMessage otherContent = await agency.PostJsonAsync(
            $"api/programs/{setup.Program}/disbursements", new { id = "old-rev", budget = setup.Budget, beneficiary = capped, amount = "99.00" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, otherContent.StatusCode);
        string reversalPath = $"api/programs/{setup.Program}/disbursements/old-rev/reversal";
        JsonElement reversal = await agency.PostJsonAsync(reversalPath, new { amount = "40.00", reason = "returned", requestId = "rev-1" }, Ct).ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/old-del/delivery", new { requestId = "del-1" }, Ct).ExpectCreatedAsync(Ct);

        server.Kill();
        await server.RestartAsync(Ct);
        using HttpClient restarted = server.CreateClient(agencyKey);
        Assert.Equal(
            reversal.GetProperty("leafIndex").GetUInt64(),
            (await restarted.PostJsonAsync(reversalPath, new { amount = "40.00", reason = "returned", requestId = "rev-1" }, Ct).ExpectCreatedAsync(Ct)).GetProperty("leafIndex").GetUInt64());
        HttpResponseMessage tooMuch = await restarted.PostJsonAsync(reversalPath, new { amount = "60.01", reason = "returned", requestId = "rev-2" }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        HttpResponseMessage deliveredTwice = await restarted.PostJsonAsync($"api/programs/{setup.Program}/disbursements/old-del/delivery", new { requestId = "del-2" }, Ct);
        Assert.Contains(RejectionCode.AlreadyDelivered, await deliveredTwice.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The cap given back in the period of the payment: 60 of 100 paid to this beneficiary.
        HttpResponseMessage over = await restarted.PostJsonAsync(
            $"api/programs/{setup.Program}/disbursements", new { id = "over", budget = setup.Budget, beneficiary = capped, amount = "40.01" }, Ct);
        Assert.Contains(RejectionCode.CapExceeded, await over.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await DisburseAsync(restarted, setup, "back-to-cap", capped, "40.00");
        using HttpClient reader = server.CreateClient();
        Assert.Equal(132.00m, (await reader.GetJsonAsync($"api/programs/{setup.Program}", Ct)).Amount("disbursed"));
    }

    [Fact]
    public async Task A_corrupted_or_stale_snapshot_is_discarded_and_the_grain_replays_the_log()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        (FundedProgram setup, string agencyKey) = await SetUpAsync(server);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            for (int i = 0; i < 12; i++)
            {
                await DisburseAsync(agency, setup, $"d-{i}", setup.Beneficiaries[i % 3], "2.50");
            }
        }

        await WaitForSnapshotsAsync(server, setup, minimumSize: 1);
        server.Kill();

        // The program's: one byte flipped in its body (the checksum no longer holds). The budget's: well-formed, its
        // checksum right, but its root is not the log's at its size (stale, or of another log).
        string programFile = SnapshotFile(server, "program", setup.Program);
        byte[] program = await File.ReadAllBytesAsync(programFile, Ct);
        program[program.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(programFile, program, Ct);
        string budgetFile = SnapshotFile(server, "budget", setup.Budget);
        GrainSnapshot budget = GrainSnapshot.Decode(await File.ReadAllBytesAsync(budgetFile, Ct));
        await File.WriteAllBytesAsync(budgetFile, (budget with { Root = Rfc6962.HashLeaf("another log"u8) }).Encode(), Ct);

        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements", new { id = "d-0", budget = setup.Budget, beneficiary = setup.Beneficiaries[0], amount = "2.50" }, Ct)).StatusCode);
            await DisburseAsync(agency, setup, "d-new", setup.Beneficiaries[0], "2.50");
        }

        string output = server.RecentOutput();
        Assert.Contains($"Discarded the snapshot of program {setup.Program}", output, StringComparison.Ordinal);
        Assert.Contains("checksum", output, StringComparison.Ordinal);
        Assert.Contains($"Discarded the snapshot of budget {setup.Budget}", output, StringComparison.Ordinal);
        Assert.Contains("the log's root at size", output, StringComparison.Ordinal);
        await AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 13);
    }

    [Fact]
    public async Task Killing_the_server_while_snapshots_are_written_leaves_it_correct()
    {
        // A snapshot after every batch: while the clients disburse, the grains are writing one most of the time.
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "1", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        (FundedProgram setup, string agencyKey) = await SetUpAsync(server);
        var acknowledged = new ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
        var inDoubt = new ConcurrentQueue<string>();
        int next = 0;
        for (int round = 0; round < 2; round++)
        {
            using HttpClient agency = server.CreateClient(agencyKey);
            using var stop = new CancellationTokenSource();
            Task[] clients = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    int n = Interlocked.Increment(ref next);
                    string id = string.Create(CultureInfo.InvariantCulture, $"k-{n:D6}");
                    try
                    {
                        JsonElement recorded = await DisburseAsync(agency, setup, id, setup.Beneficiaries[n % 3], "0.01");
                        acknowledged[id] = recorded.GetProperty("leafIndex").GetUInt64();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        inDoubt.Enqueue(id);
                    }
                }
            }, CancellationToken.None))];

            await WaitForSnapshotsAsync(server, setup, minimumSize: 1);
            await Task.Delay(700 + (round * 400), Ct);
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            await server.RestartAsync(Ct);
        }

        using HttpClient retry = server.CreateClient(agencyKey);
        foreach ((string id, ulong leaf) in acknowledged)
        {
            Assert.Equal(leaf, (await DisburseAsync(retry, setup, id, setup.Beneficiaries[int.Parse(id[2..], CultureInfo.InvariantCulture) % 3], "0.01")).GetProperty("leafIndex").GetUInt64());
        }

        Assert.True(acknowledged.Count > 0, "No disbursement was acknowledged before the kills.");
        Assert.DoesNotContain("Discarded the snapshot", server.RecentOutput(), StringComparison.Ordinal);
        await AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: null);
    }

    internal static async Task<(FundedProgram Setup, string AgencyKey)> SetUpAsync(ServerProcess server)
    {
        using HttpClient admin = server.CreateClient(ServerProcess.AdminKey);
        using HttpClient donor = server.CreateClient(await admin.CreateKeyAsync("donor", "snapshot-donor", Ct));
        using HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "snapshot-watchdog", Ct));
        string agencyKey = await admin.CreateKeyAsync("agency", "snapshot-agency", Ct);
        using HttpClient agency = server.CreateClient(agencyKey);
        return (await FundedProgram.CreateAsync(donor, watchdog, agency, 3, "1000000.00", Cap, Ct), agencyKey);
    }

    internal static async Task<JsonElement> DisburseAsync(HttpClient agency, FundedProgram setup, string id, string beneficiary, string amount) =>
        await (await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id, budget = setup.Budget, beneficiary, amount }, CancellationToken.None))
            .ExpectJsonAsync(HttpStatusCode.Created, CancellationToken.None);

    private static string SnapshotFile(ServerProcess server, string kind, string id) =>
        Path.Combine(server.DataDirectory, "snapshots", kind, Uri.EscapeDataString(id) + ".snapshot");

    /// <summary>Waits until both grains have a snapshot at or beyond <paramref name="minimumSize"/>.</summary>
    private static async Task WaitForSnapshotsAsync(ServerProcess server, FundedProgram setup, ulong minimumSize)
    {
        string[] files = [SnapshotFile(server, "program", setup.Program), SnapshotFile(server, "budget", setup.Budget)];
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (files.All(file => File.Exists(file) && GrainSnapshot.Decode(File.ReadAllBytes(file)).TreeSize >= minimumSize))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"No snapshots at size {minimumSize} or beyond: {string.Join(", ", files.Select(f => $"{f} {File.Exists(f)}"))}\n{server.RecentOutput()}");
    }

    /// <summary>The restarted server's budget and program hold exactly what the log's Disbursed entries add up to.</summary>
    internal static async Task AssertBalancesEqualTheLogAsync(ServerProcess server, FundedProgram setup, int? expectedDisbursements)
    {
        using HttpClient reader = server.CreateClient();
        ulong size = await reader.LogSizeAsync(Ct);
        var disbursed = new List<Disbursed>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (ulong leaf = 0; leaf < size; leaf++)
        {
            LedgerEntry entry = LedgerEntryParser.Parse(await reader.ReadLogEntryAsync(leaf, size, Ct));
            Assert.True(ids.Add(entry.Id), $"The id {entry.Id} is in the log twice.");
            if (entry is Disbursed d && d.Program == setup.Program)
            {
                disbursed.Add(d);
            }
        }

        if (expectedDisbursements is { } expected)
        {
            Assert.Equal(expected, disbursed.Count);
        }

        decimal logged = disbursed.Sum(d => decimal.Parse(d.Amount.ToDecimalString(), CultureInfo.InvariantCulture));
        JsonElement budget = await reader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
        Assert.Equal(logged, budget.Amount("disbursed"));
        Assert.Equal(0m, budget.Amount("reserved"));
        JsonElement program = await reader.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal(disbursed.Count, program.GetProperty("disbursements").GetInt32());
        Assert.Equal(logged, program.Amount("disbursed"));
    }
}
