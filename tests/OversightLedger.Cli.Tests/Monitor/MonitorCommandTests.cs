using System.Text.Json;
using OversightLedger.Cli.Tests.Replay;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Cli.Tests.Witness;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Tests.Monitor;

/// <summary>
/// <c>oversight monitor</c> on logs made with <c>oversight log init/append</c>: it follows the log run after run,
/// printing only the findings of new entries, and refuses a rollback, a fork (same size, or no consistency proof), a
/// rewritten tile and a missing witness quorum with exit 1, leaving its state as it was.
/// </summary>
public sealed class MonitorCommandTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Each_run_prints_the_findings_of_the_new_entries_as_json_lines_and_moves_its_state_on()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.Lines(breakRingFence: true));
        string state = _temp.File("monitor.state");

        CliResult first = await MonitorAsync(log.Directory, log, state);
        CliResult quiet = await MonitorAsync(log.Directory, log, state);
        ulong grown = await log.AppendFileAsync(_temp, CleanHistory.LaterLines());
        CliResult later = await MonitorAsync(log.Directory, log, state);

        Assert.True(first.ExitCode == 0, first.ToString());
        JsonElement[] findings = Lines(first.Stdout);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("ledger-integrity", f.GetProperty("class").GetString()));
        Assert.All(findings, f => Assert.StartsWith("f-monitor-ledger-integrity-", f.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.Contains(CleanHistory.Program, findings.SelectMany(f => f.GetProperty("programs").EnumerateArray()).Select(p => p.GetString()));
        Assert.Contains($"size 0 -> {size}", first.Stderr, StringComparison.Ordinal);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Empty(quiet.Stdout.Trim());
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Empty(later.Stdout.Trim());
        Assert.Contains($"size {size} -> {grown}", later.Stderr, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(log.Directory, "checkpoint"), TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_new_leaf_that_is_not_a_ledger_entry_is_a_finding_and_exit_1_and_is_reported_once()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.Lines());
        string state = _temp.File("monitor.state");
        Assert.Equal(0, (await MonitorAsync(log.Directory, log, state)).ExitCode);
        await log.AppendFileAsync(_temp, ["{\"not\":\"a ledger entry\"}"]);

        CliResult bad = await MonitorAsync(log.Directory, log, state);
        CliResult after = await MonitorAsync(log.Directory, log, state);

        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains($"entry {size}:", bad.Stderr, StringComparison.Ordinal);
        JsonElement finding = Assert.Single(Lines(bad.Stdout));
        Assert.Equal("ledger-integrity", finding.GetProperty("class").GetString());
        Assert.Equal([(long)size], finding.GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64()));
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(after.Stdout.Trim());
    }

    [Fact]
    public async Task A_confirmed_hit_on_a_counterparty_already_paid_is_a_finding_and_a_payment_after_it_a_ledger_integrity_one()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        ulong clean = await log.AppendFileAsync(_temp, CleanHistory.Lines());
        string state = _temp.File("monitor.state");
        Assert.Equal(0, (await MonitorAsync(log.Directory, log, state)).ExitCode);
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.SanctionedCounterpartyLines("cpty-vendor-1", paidAfterConfirmation: true));

        CliResult run = await MonitorAsync(log.Directory, log, state);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] findings = Lines(run.Stdout);
        Assert.Equal(["sanctioned-counterparty-paid", "ledger-integrity"], findings.Select(f => f.GetProperty("class").GetString()));
        Assert.Equal([(long)clean + 2, (long)clean + 4], findings[0].GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64()));
        Assert.Equal([CleanHistory.Budget], findings[0].GetProperty("budgets").EnumerateArray().Select(b => b.GetString()));
        Assert.Contains("cpty-vendor-1", findings[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal([(long)size - 1], findings[1].GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64()));
        Assert.Contains("counterparty-blocked", findings[1].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_fails_with_exit_1_naming_it_and_the_state_is_unchanged()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, CleanHistory.Lines());
        string older = CopyOf(log.Directory, "older");
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.LaterLines());
        string state = _temp.File("monitor.state");
        Assert.Equal(0, (await MonitorAsync(log.Directory, log, state)).ExitCode);
        byte[] kept = await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken);

        CliResult rolledBack = await MonitorAsync(older, log, state);

        Assert.True(rolledBack.ExitCode == 1, rolledBack.ToString());
        Assert.Contains("rollback", rolledBack.Stderr, StringComparison.Ordinal);
        Assert.Contains($"fewer than the {size}", rolledBack.Stderr, StringComparison.Ordinal);
        Assert.Equal(kept, await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_fork_at_the_same_size_or_beyond_fails_with_exit_1_and_the_state_is_unchanged()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, CleanHistory.Lines());
        string forkDirectory = CopyOf(log.Directory, "fork");
        CliLog fork = log with { Directory = forkDirectory };
        await log.AppendFileAsync(_temp, CleanHistory.LaterLines());
        await fork.AppendFileAsync(_temp, ["{\"kind\":\"not what the others saw\"}"]);
        string state = _temp.File("monitor.state");
        Assert.Equal(0, (await MonitorAsync(log.Directory, log, state)).ExitCode);
        byte[] kept = await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken);

        // Signed with the log's own key: only the history tells them apart.
        CliResult sameSize = await MonitorAsync(forkDirectory, log, state);
        await fork.AppendFileAsync(_temp, CleanHistory.LaterLines());
        CliResult beyond = await MonitorAsync(forkDirectory, log, state);

        Assert.True(sameSize.ExitCode == 1, sameSize.ToString());
        Assert.Contains("fork", sameSize.Stderr, StringComparison.Ordinal);
        Assert.True(beyond.ExitCode == 1, beyond.ToString());
        Assert.Contains("is not consistent with the old checkpoint", beyond.Stderr, StringComparison.Ordinal);
        Assert.Empty(beyond.Stdout.Trim());
        Assert.Equal(kept, await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_rewritten_entry_bundle_fails_with_exit_1()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, CleanHistory.Lines());
        string state = _temp.File("monitor.state");
        Assert.Equal(0, (await MonitorAsync(log.Directory, log, state)).ExitCode);
        ulong size = await log.AppendFileAsync(_temp, CleanHistory.LaterLines());
        string bundle = Path.Combine(log.Directory, TilePath.Entries(0, (int)size));
        byte[] bytes = await File.ReadAllBytesAsync(bundle, TestContext.Current.CancellationToken);
        int at = Array.IndexOf(bytes, (byte)'E');
        bytes[at] = (byte)'F';
        await File.WriteAllBytesAsync(bundle, bytes, TestContext.Current.CancellationToken);

        CliResult rewritten = await MonitorAsync(log.Directory, log, state);

        Assert.True(rewritten.ExitCode == 1, rewritten.ToString());
        Assert.Contains("does not match its leaf hash", rewritten.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_witness_quorum_fails_with_exit_1_naming_the_witness_and_a_bad_name_is_bad_usage()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, CleanHistory.Lines());
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/monitor");
        string state = _temp.File("monitor.state");

        CliResult unwitnessed = await MonitorAsync(log.Directory, log, state, "--witness", witness.VerifierKey, "--quorum", "1");
        CliResult badName = await MonitorAsync(log.Directory, log, state, "--watchdog", " starts with a space");

        Assert.True(unwitnessed.ExitCode == 1, unwitnessed.ToString());
        Assert.Contains(witness.VerifierKey, unwitnessed.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(state));
        Assert.True(badName.ExitCode == 2, badName.ToString());
    }

    private static Task<CliResult> MonitorAsync(string directory, CliLog log, string state, params string[] extra) =>
        OversightProcess.RunAsync(["monitor", "--log", directory, "--vkey", log.VerifierKeyFile, "--state", state, .. extra]);

    private static JsonElement[] Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private string CopyOf(string directory, string name)
    {
        string copy = _temp.File(name);
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
