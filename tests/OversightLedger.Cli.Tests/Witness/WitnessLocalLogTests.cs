using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// <c>oversight witness</c> on logs in directories (no server): it follows a growing log with proofs built from the
/// tiles, and refuses, with exit 1 and its state untouched, a log that rewrites the history it cosigned.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WitnessLocalLogTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public async Task Keygen_into_a_directory_that_does_not_exist_creates_it_0700_with_the_key_0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string directory = Path.Combine(_temp.File("keys"), "witness");
        string file = Path.Combine(directory, "w.key");

        CliResult made = await OversightProcess.RunAsync("witness", "keygen", "--name", "witness.example.org/new-dir", "--out", file);

        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.StartsWith("PRIVATE+KEY+", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_writes_a_secret_key_and_its_cosignature_verifier_key_and_never_overwrites()
    {
        string file = _temp.File("w.key");

        CliResult made = await OversightProcess.RunAsync("witness", "keygen", "--name", "witness.example.org/keygen", "--out", file);
        CliResult again = await OversightProcess.RunAsync("witness", "keygen", "--name", "witness.example.org/keygen", "--out", file, "--json");

        Assert.True(made.ExitCode == 0, made.ToString());
        string verifierKey = made.Stdout.Trim();
        Assert.Equal(verifierKey, File.ReadAllText(file + ".vkey").Trim());
        using (Cosigner cosigner = WitnessKeys.OpenCosigner(File.ReadAllText(file).Trim()))
        {
            Assert.Equal(verifierKey, cosigner.VerifierKey);
        }

        _ = new CosignatureVerifier(verifierKey); // a type 0x04 key
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(verifierKey, File.ReadAllText(file + ".vkey").Trim());
    }

    [Fact]
    public async Task A_witness_follows_a_growing_log_with_proofs_from_its_tiles()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, ["a", "b", "c"]);
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/local");

        CliResult first = await WitnessAsync(log, witness);
        await log.AppendFileAsync(_temp, Enumerable.Range(0, 300).Select(i => $"entry {i}"));
        CliResult second = await WitnessAsync(log, witness, "--json");
        CliResult same = await WitnessAsync(log, witness);

        Assert.True(first.ExitCode == 0, first.ToString());
        string[] lines = first.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith($"cosigned {CliLog.Origin} at tree size 3 (root ", lines[0], StringComparison.Ordinal);
        Assert.Equal("first cosignature of this log (trusted on first use)", lines[1]);
        Assert.StartsWith("— witness.example.org/local ", lines[2], StringComparison.Ordinal);
        Assert.Empty(first.Stderr);

        Assert.True(second.ExitCode == 0, second.ToString());
        using var json = JsonDocument.Parse(second.Stdout);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal(303UL, root.GetProperty("treeSize").GetUInt64());
        Assert.Equal(3UL, root.GetProperty("previousTreeSize").GetUInt64());
        Assert.False(root.GetProperty("submitted").GetBoolean());

        // The line printed is a valid cosignature of the log's checkpoint at that time.
        Checkpoint checkpoint = SignedCheckpoint.Open(File.ReadAllBytes(Path.Combine(log.Directory, "checkpoint")), new NoteVerifier(log.VerifierKey)).Checkpoint;
        NoteSignature line = NoteSignature.Parse(root.GetProperty("cosignature").GetString()!);
        Assert.Equal(root.GetProperty("timestamp").GetUInt64(), new CosignatureVerifier(witness.VerifierKey).Verify(checkpoint, line));
        Assert.Equal(WitnessState.Of(checkpoint).Format(), witness.StateText);

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("consistent with the previously cosigned tree size 303", same.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_shows_another_history_is_refused_with_exit_1_and_the_state_is_kept()
    {
        CliLog honest = await CliLog.InitAsync(_temp, "honest");
        await honest.AppendFileAsync(_temp, ["a", "b", "c"]);
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/fork");
        CliResult cosigned = await WitnessAsync(honest, witness);
        Assert.True(cosigned.ExitCode == 0, cosigned.ToString());
        string? state = witness.StateText;

        // The same origin, another history: entry 1 differs. The witness is given the key that signed it.
        CliLog forked = await CliLog.InitAsync(_temp, "forked");
        await forked.AppendFileAsync(_temp, ["a", "x", "c"]);
        CliResult sameSize = await WitnessAsync(forked, witness);
        await forked.AppendFileAsync(_temp, ["d", "e"]);
        CliResult larger = await WitnessAsync(forked, witness, "--json");

        Assert.True(sameSize.ExitCode == 1, sameSize.ToString());
        Assert.StartsWith("verification failed: not cosigned: the checkpoint of size 3 (root ", sameSize.Stderr, StringComparison.Ordinal);
        Assert.Contains("the log forked", sameSize.Stderr, StringComparison.Ordinal);
        Assert.Empty(sameSize.Stdout);

        Assert.True(larger.ExitCode == 1, larger.ToString());
        using var json = JsonDocument.Parse(larger.Stdout);
        Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Contains("is not shown to extend the cosigned checkpoint of size 3", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(state, witness.StateText);
    }

    [Fact]
    public async Task A_state_ahead_of_the_log_is_a_rollback_and_the_wrong_log_key_a_bad_signature()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, ["a", "b", "c", "d"]);
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/rollback");
        Checkpoint checkpoint = SignedCheckpoint.Open(File.ReadAllBytes(Path.Combine(log.Directory, "checkpoint")), new NoteVerifier(log.VerifierKey)).Checkpoint;
        string ahead = new WitnessState(checkpoint.Origin, 10, checkpoint.Root).Format();
        File.WriteAllText(witness.StateFile, ahead);
        CliLog other = await CliLog.InitAsync(_temp, "other");

        CliResult rollback = await WitnessAsync(log, witness);
        File.Delete(witness.StateFile);
        CliResult wrongKey = await OversightProcess.RunAsync(
            "witness", "--log", log.Directory, "--key", witness.KeyFile, "--state", witness.StateFile, "--log-key", other.VerifierKey);

        Assert.True(rollback.ExitCode == 1, rollback.ToString());
        Assert.Contains("is smaller than the cosigned checkpoint of size 10", rollback.Stderr, StringComparison.Ordinal);
        Assert.Contains("the log lost entries", rollback.Stderr, StringComparison.Ordinal);
        Assert.True(wrongKey.ExitCode == 1, wrongKey.ToString());
        Assert.Contains("not signed by the log's key", wrongKey.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(witness.StateFile));
    }

    [Fact]
    public async Task Bad_keys_bad_state_and_bad_usage_exit_2_without_cosigning()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, ["a"]);
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/usage");
        string garbageKey = _temp.File("garbage.key");
        File.WriteAllText(garbageKey, "PRIVATE+KEY+not-a-key\n");
        string garbageState = _temp.File("garbage.state");
        File.WriteAllText(garbageState, "size 3\n");

        (string[] Args, string Message)[] cases =
        [
            (["--key", garbageKey, "--state", witness.StateFile, "--log-key", log.VerifierKey], "does not hold a valid witness key"),
            (["--key", log.VerifierKeyFile, "--state", witness.StateFile, "--log-key", log.VerifierKey], "does not hold a valid witness key"),
            (["--key", _temp.File("missing.key"), "--state", witness.StateFile, "--log-key", log.VerifierKey], "cannot read witness key file"),
            (["--key", witness.KeyFile, "--state", garbageState, "--log-key", log.VerifierKey], "is not a witness state file"),
            (["--key", witness.KeyFile, "--state", _temp.File("no-such-folder/w.state"), "--log-key", log.VerifierKey], "does not exist"),
            (["--key", witness.KeyFile, "--state", witness.StateFile], "give the log's key with --log-key"),
            (["--key", witness.KeyFile, "--state", witness.StateFile, "--log-key", "not-a-key"], "--log-key is neither a file nor a valid verifier key"),
            (["--key", witness.KeyFile, "--state", witness.StateFile, "--log-key", log.VerifierKey, "--name", "witness.example.org/someone-else"], "not 'witness.example.org/someone-else'"),
            (["--key", witness.KeyFile, "--state", witness.StateFile, "--log-key", log.VerifierKey, "--submit"], "--submit needs --log to be the http(s) URL"),
            (["--state", witness.StateFile, "--log-key", log.VerifierKey], "--key is required"),
        ];

        foreach ((string[] args, string message) in cases)
        {
            CliResult result = await OversightProcess.RunAsync(["witness", "--log", log.Directory, .. args]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}\n{result}");
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
            Assert.Empty(result.Stdout);
        }

        Assert.Null(witness.StateText);
        CliResult noLog = await OversightProcess.RunAsync("witness", "--key", witness.KeyFile, "--state", witness.StateFile);
        Assert.True(noLog.ExitCode == 2, noLog.ToString());
    }

    public void Dispose() => _temp.Dispose();

    private static Task<CliResult> WitnessAsync(CliLog log, WitnessFiles witness, params string[] extra) =>
        OversightProcess.RunAsync(["witness", "--log", log.Directory, "--key", witness.KeyFile, "--state", witness.StateFile, "--log-key", log.VerifierKeyFile, .. extra]);
}
