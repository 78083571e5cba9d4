using System.Net;
using System.Text.Json;
using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Anchoring;

/// <summary>
/// The <c>checkpoint-anchor</c> job on the real server against a regtest node served over JSON-RPC
/// (<see cref="OversightLedger.Anchoring.Tests.Regtest.RegtestJsonRpcNode"/>): triggered through the jobs API, it
/// anchors once however many runs race, records <c>CheckpointAnchored</c> once at the depth, publishes a proof that
/// <c>oversight verify anchor</c> accepts, skips a log that grew only by its own entry; an empty wallet and a node that
/// is down are statuses, not failures, and leave the log and readiness alone; an anchor in flight survives SIGKILL.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class CheckpointAnchorJobTests
{
    private const string Job = "checkpoint-anchor";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Job_anchors_once_records_the_anchor_once_at_depth_and_publishes_a_proof_the_cli_verifies()
    {
        await using AnchoredServer anchored = await AnchoredServer.StartAsync(Money.Coins(0.01m), Ct);
        using HttpClient admin = anchored.Server.CreateClient(ServerProcess.AdminKey);
        using HttpClient anyone = anchored.Server.CreateClient();

        // An empty log is not anchored.
        await admin.TriggerAndWaitAsync(Job, Ct);
        Assert.Equal("skipped", (await StatusAsync(admin)).GetProperty("lastRun").Text("outcome"));
        Assert.Empty(anchored.Node.Mempool);

        using HttpClient donor = anchored.Server.CreateClient(await admin.CreateKeyAsync("donor", "donor-anchor", Ct));
        await donor.PostJsonAsync("api/budgets", new { id = "budget-anchor", donor = "D", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        ulong size = await anyone.LogSizeAsync(Ct);

        // Three runs at once: one anchor.
        string[] runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.TriggerAsync(Job, Ct)));
        foreach (string run in runs)
        {
            await admin.WaitUntilSucceededAsync(Job, run, JobRuns.DefaultWait, Ct);
        }

        Transaction anchor = Assert.Single(anchored.Node.Mempool);
        JsonElement pending = (await StatusAsync(admin)).GetProperty("pending");
        Assert.Equal((long)size, pending.GetProperty("checkpointSize").GetInt64());
        Assert.Equal(anchor.GetHash().ToString(), Assert.Single(pending.GetProperty("transactionIds").EnumerateArray()).GetString());

        // Five blocks: not deep enough; nothing recorded or published.
        anchored.Node.Mine(5);
        await admin.TriggerAndWaitAsync(Job, Ct);
        JsonElement shallow = await StatusAsync(admin);
        Assert.Equal("pending", shallow.GetProperty("lastRun").Text("outcome"));
        Assert.Equal(5, shallow.GetProperty("pending").GetProperty("confirmations").GetInt32());
        Assert.Equal(0, (await anyone.GetJsonAsync("log/anchors/index.json", Ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(new Uri($"log/anchors/{size}.json", UriKind.Relative), Ct)).StatusCode);

        // The sixth: recorded once, published.
        anchored.Node.Mine(1);
        await admin.TriggerAndWaitAsync(Job, Ct);
        JsonElement status = await StatusAsync(admin);
        Assert.Equal("anchored", status.GetProperty("lastRun").Text("outcome"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("pending").ValueKind);
        Assert.Equal(anchored.Wallet.ToString(), status.Text("walletAddress"));
        JsonElement index = await anyone.GetJsonAsync("log/anchors/index.json", Ct);
        JsonElement recorded = Assert.Single(index.EnumerateArray());
        Assert.Equal((long)size, recorded.GetProperty("checkpointSize").GetInt64());
        Assert.Equal(anchor.GetHash().ToString(), recorded.Text("transactionId"));
        int height = anchored.Node.HeightOf(anchor.GetHash())!.Value;
        Assert.Equal(height, recorded.GetProperty("blockHeight").GetInt32());
        Assert.Equal(anchored.Node.BlockAt(height).GetHash().ToString(), recorded.Text("blockHash"));

        byte[] entry = await anyone.ReadLogEntryAsync(recorded.GetProperty("leafIndex").GetUInt64(), await anyone.LogSizeAsync(Ct), Ct);
        Assert.Contains($"\"id\":\"checkpoint-anchored/{size}\"", System.Text.Encoding.UTF8.GetString(entry), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CheckpointAnchored\"", System.Text.Encoding.UTF8.GetString(entry), StringComparison.Ordinal);

        byte[] proofFile = await anyone.GetByteArrayAsync(new Uri($"log/anchors/{size}.json", UriKind.Relative), Ct);
        string logKey = (await anyone.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim();
        VerifiedAnchor verified = AnchorVerifier.Verify(AnchorProof.Parse(proofFile), new NoteVerifier(logKey), new AnchorVerificationPolicy(Network.RegTest, 6));
        Assert.Equal(size, verified.Checkpoint.Size);
        Assert.Equal(0, AnchorCommitment.FindOutput(anchor, verified.Checkpoint));

        var cli = await AnchoredServer.RunCliAsync(
            "verify", "anchor", new Uri(anchored.Server.BaseAddress, $"log/anchors/{size}.json").ToString(), "--vkey", logKey, "--network", "regtest",
            "--block", recorded.Text("blockHash"));
        Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}\n{cli.Stdout}\n{cli.Stderr}");
        Assert.StartsWith($"log {verified.Checkpoint.Origin} had size {size}", cli.Stdout, StringComparison.Ordinal);

        // The log grew only by the anchor's own entry: nothing more to anchor, and the entry is not written again.
        await admin.TriggerAndWaitAsync(Job, Ct);
        Assert.Equal("skipped", (await StatusAsync(admin)).GetProperty("lastRun").Text("outcome"));
        Assert.Empty(anchored.Node.Mempool);
        Assert.Single((await anyone.GetJsonAsync("log/anchors/index.json", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Empty_wallet_is_a_status_with_nothing_logged_and_a_node_that_is_down_leaves_the_server_ready()
    {
        await using AnchoredServer anchored = await AnchoredServer.StartAsync(funding: null, Ct);
        using HttpClient admin = anchored.Server.CreateClient(ServerProcess.AdminKey);
        using HttpClient anyone = anchored.Server.CreateClient();
        using HttpClient donor = anchored.Server.CreateClient(await admin.CreateKeyAsync("donor", "donor-unfunded", Ct));
        await donor.PostJsonAsync("api/budgets", new { id = "budget-unfunded", donor = "D", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        ulong size = await anyone.LogSizeAsync(Ct);

        await admin.TriggerAndWaitAsync(Job, Ct);

        JsonElement status = await StatusAsync(admin);
        Assert.Equal("insufficient-funds", status.GetProperty("lastRun").Text("outcome"));
        Assert.Contains(anchored.Wallet.ToString(), status.GetProperty("lastRun").Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, status.GetProperty("walletBalanceSatoshis").GetInt64());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("pending").ValueKind);
        Assert.Empty(anchored.Node.Mempool);
        Assert.Equal(size, await anyone.LogSizeAsync(Ct));

        // Funded now, but the node refuses the transaction: a status again, and nothing pending or logged.
        anchored.Node.Fund(anchored.Wallet, Money.Coins(0.01m));
        anchored.Node.MinRelayFeeRate = 100m;
        await admin.TriggerAndWaitAsync(Job, Ct);
        JsonElement refused = await StatusAsync(admin);
        Assert.Equal("rejected", refused.GetProperty("lastRun").Text("outcome"));
        Assert.Contains("min relay fee not met", refused.GetProperty("lastRun").Text("detail"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("pending").ValueKind);
        Assert.Empty(anchored.Node.Mempool);
        Assert.Equal(size, await anyone.LogSizeAsync(Ct));

        anchored.Node.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(new Uri("health/ready", UriKind.Relative), Ct)).StatusCode);
        await admin.TriggerAndWaitAsync(Job, Ct);
        Assert.Equal("chain-unavailable", (await StatusAsync(admin)).GetProperty("lastRun").Text("outcome"));
        Assert.Equal(size, await anyone.LogSizeAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(new Uri("health/ready", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Server_killed_with_an_anchor_in_flight_rebroadcasts_it_after_restart_and_records_it_once()
    {
        await using AnchoredServer anchored = await AnchoredServer.StartAsync(Money.Coins(0.01m), Ct);
        using (HttpClient admin = anchored.Server.CreateClient(ServerProcess.AdminKey))
        {
            using HttpClient donor = anchored.Server.CreateClient(await admin.CreateKeyAsync("donor", "donor-crash", Ct));
            await donor.PostJsonAsync("api/budgets", new { id = "budget-crash", donor = "D", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" }, Ct)
                .ExpectCreatedAsync(Ct);
            await admin.TriggerAndWaitAsync(Job, Ct);
        }

        Transaction anchor = Assert.Single(anchored.Node.Mempool);

        // SIGKILL; the node restarts too and forgets its mempool.
        await anchored.Server.RestartAsync(Ct);
        anchored.Node.ClearMempool();
        using HttpClient restarted = anchored.Server.CreateClient(ServerProcess.AdminKey);
        await restarted.TriggerAndWaitAsync(Job, Ct);

        Assert.Equal("pending", (await StatusAsync(restarted)).GetProperty("lastRun").Text("outcome"));
        Assert.Equal(anchor.GetHash(), Assert.Single(anchored.Node.Mempool).GetHash());
        anchored.Node.Mine(6);
        await restarted.TriggerAndWaitAsync(Job, Ct);
        await restarted.TriggerAndWaitAsync(Job, Ct);
        JsonElement recorded = Assert.Single((await restarted.GetJsonAsync("log/anchors/index.json", Ct)).EnumerateArray());
        Assert.Equal(anchor.GetHash().ToString(), recorded.Text("transactionId"));
        Assert.Empty(anchored.Node.Mempool);
    }

    private static Task<JsonElement> StatusAsync(HttpClient admin) => admin.GetJsonAsync("api/anchors", Ct);
}
