using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OversightLedger.Cli.Tests.Agency;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// <c>oversight witness --submit</c> against the real ledger server: a registered witness cosigns, the log grows, it
/// cosigns again with a proof from the served tiles, and <c>/log/checkpoint</c> then carries its line, which verifies.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class WitnessServerTests(AgencyLedgerFixture ledger) : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    private string LogUrl => ledger.ServerUrl + "/log";

    [Fact]
    public async Task A_registered_witness_cosigns_the_growing_log_and_the_checkpoint_carries_its_cosignature()
    {
        string name = $"witness.example.org/cli-{Guid.NewGuid():N}"[..36];
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, name);
        await RegisterAsync(name.Replace('/', '.'), witness.VerifierKey);
        string logKey = (await ledger.Setup.GetTextAsync("log/key")).Trim();

        CliResult first = await WitnessAsync(witness, "--log-key", logKey, "--submit", "--json");
        await ledger.NewProgramAsync(beneficiaries: 2); // more entries
        CliResult second = await WitnessAsync(witness, "--log-key", logKey, "--submit", "--name", name);

        Assert.True(first.ExitCode == 0, first.ToString());
        using var json = JsonDocument.Parse(first.Stdout);
        Assert.True(json.RootElement.GetProperty("submitted").GetBoolean());
        Assert.True(json.RootElement.GetProperty("cosignatures").GetUInt64() >= 1);
        ulong firstSize = json.RootElement.GetProperty("treeSize").GetUInt64();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"consistent with the previously cosigned tree size {firstSize} ", second.Stdout, StringComparison.Ordinal);
        Assert.Matches($"submitted to {LogUrl}/cosignature: the checkpoint now carries [0-9]+ cosignatures?\n", second.Stdout);
        string line = second.Stdout.Split('\n')[2];

        // The served checkpoint is the log's, followed by exactly this witness's line, and both signatures verify.
        byte[] served = await DownloadAsync("log/checkpoint");
        SignedCheckpoint checkpoint = SignedCheckpoint.Open(served, new NoteVerifier(logKey));
        Assert.True(checkpoint.Checkpoint.Size > firstSize);
        Assert.Contains(line, checkpoint.Note.Signatures.Skip(1).Select(s => s.ToString()));
        new CosignatureVerifier(witness.VerifierKey).Verify(checkpoint);
        Assert.Equal(WitnessState.Of(checkpoint.Checkpoint).Format(), witness.StateText);

        // An auditor's verification of the log is not disturbed by the cosignature line.
        CliResult verify = await OversightProcess.RunAsync("verify", "log", "--log", LogUrl, "--vkey", logKey);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Without_log_key_the_served_key_is_used_with_a_note_and_a_forked_state_is_refused()
    {
        string name = $"witness.example.org/tofu-{Guid.NewGuid():N}"[..37];
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, name);
        CliResult first = await WitnessAsync(witness);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("pin it with --log-key", first.Stderr, StringComparison.Ordinal);

        // A state that remembers another root at the current size: what a witness sees when the log forks.
        WitnessState state = WitnessState.ReadFile(witness.StateFile)!;
        var forked = new WitnessState(state.Origin, state.Size, Transparency.Hashing.Rfc6962.HashLeaf([42]));
        forked.WriteFile(witness.StateFile);
        string before = witness.StateText!;
        CliResult refused = await WitnessAsync(witness, "--submit");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Matches("not cosigned: .*(the log forked|is not shown to extend)", refused.Stderr); // the log may have grown meanwhile
        Assert.Equal(before, witness.StateText);
    }

    [Fact]
    public async Task An_unregistered_witness_is_refused_on_submission_with_exit_2()
    {
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, $"witness.example.org/unregistered-{Guid.NewGuid():N}"[..40]);
        byte[] before = await DownloadAsync("log/checkpoint");

        CliResult result = await WitnessAsync(witness, "--submit", "--log-key", (await ledger.Setup.GetTextAsync("log/key")).Trim());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("refused the cosignature (HTTP 403): unknown-witness: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await DownloadAsync("log/checkpoint"));
    }

    public void Dispose() => _temp.Dispose();

    private Task<CliResult> WitnessAsync(WitnessFiles witness, params string[] extra) =>
        OversightProcess.RunAsync(["witness", "--log", LogUrl, "--key", witness.KeyFile, "--state", witness.StateFile, .. extra]);

    private async Task RegisterAsync(string name, string verifierKey)
    {
        using var http = new HttpClient { BaseAddress = ledger.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/witnesses") { Content = JsonContent.Create(new { name, verifierKey }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ledger.WatchdogKey);
        using HttpResponseMessage response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<byte[]> DownloadAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = ledger.Server.BaseAddress };
        return await http.GetByteArrayAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
    }
}
