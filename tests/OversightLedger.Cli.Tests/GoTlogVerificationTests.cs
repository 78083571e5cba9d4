using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests;

/// <summary><c>verify log|inclusion|consistency</c> on the logs written by Go's golang.org/x/mod/sumdb/tlog.</summary>
public sealed class GoTlogVerificationTests
{
    [Theory]
    [InlineData("log-300", 300UL)]
    [InlineData("log-1500", 1500UL)]
    public async Task A_valid_reference_log_verifies(string folder, ulong size)
    {
        CliResult result = await VerifyLogAsync(folder, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["verified", "treeSize", "root", "origin"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(size, json.RootElement.GetProperty("treeSize").GetUInt64());
        Assert.Equal(CheckpointRoot(folder), json.RootElement.GetProperty("root").GetString());
        // No --witness: the only thing on stderr is the note that no witness was required.
        Assert.Equal("note: no witness was required, so the checkpoint's cosignatures were not checked (give --witness and --quorum to require them)\n", result.Stderr);
    }

    [Fact]
    public async Task Log_1500_verifies_with_text_output_and_is_consistent_with_log_300()
    {
        CliResult result = await VerifyLogAsync("log-1500", "--old", SharedData.GoTlogPath("log-300", "checkpoint"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tree size 1500", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("consistent with the old checkpoint of size 300", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_consistency_alone_accepts_growth_and_rejects_shrinking()
    {
        CliResult grew = await OversightProcess.RunAsync(
            "verify", "consistency", "--log", SharedData.GoTlogPath("log-1500"), "--vkey", SharedData.GoTlogVerifierKey, "--old", SharedData.GoTlogPath("log-300", "checkpoint"), "--json");
        Assert.True(grew.ExitCode == 0, grew.ToString());

        CliResult shrank = await OversightProcess.RunAsync(
            "verify", "consistency", "--log", SharedData.GoTlogPath("log-300"), "--vkey", SharedData.GoTlogVerifierKey, "--old", SharedData.GoTlogPath("log-1500", "checkpoint"), "--json");
        Assert.True(shrank.ExitCode == 1, shrank.ToString());
        using var json = JsonDocument.Parse(shrank.Stdout);
        Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Contains("larger", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(42UL)]
    [InlineData(1499UL)]
    public async Task Verify_inclusion_proves_an_entry_of_log_1500(ulong index)
    {
        CliResult result = await OversightProcess.RunAsync(
            "verify", "inclusion", "--log", SharedData.GoTlogPath("log-1500"), "--vkey", SharedData.GoTlogVerifierKey, "--index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"entry {index} is in log example.org/reference-log at tree size 1500", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_inclusion_of_the_tampered_entry_fails_naming_it()
    {
        CliResult result = await OversightProcess.RunAsync(
            "verify", "inclusion", "--log", SharedData.GoTlogPath("tampered-entry"), "--vkey", SharedData.GoTlogVerifierKey, "--index", "1024");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("verification failed: entry 1024", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_hash_tile_fails_naming_the_tile()
    {
        CliResult result = await VerifyLogAsync("tampered-hash-tile");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"^verification failed: .*tile/0/\d{3}", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task A_tampered_entry_fails_naming_the_entry()
    {
        CliResult result = await VerifyLogAsync("tampered-entry", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"^verification failed: entry \d+ in tile/entries/\d{3}", result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["verified", "reason"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^entry \d+ ", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_fails_naming_the_signature()
    {
        CliResult result = await VerifyLogAsync("wrong-key");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("verification failed: signature of the checkpoint", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("example.org/reference-log+a0a6c0dc+AQ2j/WGaPtWxSyUHaFxHAwzt3woCXIxM8m96Q8foggxx")]
    [InlineData("example.org/reference-log+00000000+AQ2j/WGaPtWxSyUHaFxHAwzt3woCXIxM8m96Q8fogg8L")]
    public async Task A_bad_verifier_key_string_is_bad_input(string key)
    {
        CliResult result = await OversightProcess.RunAsync("verify", "log", "--log", SharedData.GoTlogPath("log-300"), "--vkey", key);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_missing_log_directory_or_old_checkpoint_is_bad_input()
    {
        CliResult noDir = await VerifyLogAsync("no-such-log", "--json");
        Assert.True(noDir.ExitCode == 2, noDir.ToString());
        using (var json = JsonDocument.Parse(noDir.Stdout))
        {
            Assert.Equal(["verified", "error"], json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Contains("does not exist", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        CliResult noOld = await VerifyLogAsync("log-1500", "--old", SharedData.GoTlogPath("no-such-checkpoint"));
        Assert.True(noOld.ExitCode == 2, noOld.ToString());

        // A folder that is not a log (no checkpoint) is unreadable input, not a failed verification.
        CliResult notALog = await OversightProcess.RunAsync("verify", "log", "--log", SharedData.GoTlog, "--vkey", SharedData.GoTlogVerifierKey);
        Assert.True(notALog.ExitCode == 2, notALog.ToString());
    }

    [Fact]
    public async Task A_malformed_old_checkpoint_is_bad_input()
    {
        using var temp = new TemporaryDirectory();
        string old = temp.File("checkpoint");
        await File.WriteAllTextAsync(old, "example.org/reference-log\nnot a number\n", TestContext.Current.CancellationToken);

        CliResult result = await VerifyLogAsync("log-1500", "--old", old);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("malformed", result.Stderr, StringComparison.Ordinal);
    }

    internal static string CheckpointRoot(string folder) =>
        File.ReadAllText(SharedData.GoTlogPath(folder, "checkpoint")).Split('\n')[2];

    private static Task<CliResult> VerifyLogAsync(string folder, params string[] extra) =>
        OversightProcess.RunAsync(["verify", "log", "--log", SharedData.GoTlogPath(folder), "--vkey", SharedData.GoTlogVerifierKey, .. extra]);
}
