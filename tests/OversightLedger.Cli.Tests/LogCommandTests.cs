using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests;

/// <summary><c>log init</c> and <c>log append</c>, checked with <c>verify log</c>.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class LogCommandTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Init_then_append_from_stdin_and_from_a_file_gives_a_log_that_verifies()
    {
        CliLog log = await CliLog.InitAsync(_temp);

        Assert.Equal(log.VerifierKey, (await File.ReadAllTextAsync(log.VerifierKeyFile, Ct)).Trim());
        Assert.StartsWith(CliLog.Origin + "+", log.VerifierKey, StringComparison.Ordinal);
        Assert.StartsWith("PRIVATE+KEY+" + CliLog.Origin + "+", await File.ReadAllTextAsync(log.KeyFile, Ct), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log.KeyFile));
        }

        CliResult empty = await log.VerifyAsync();
        Assert.True(empty.ExitCode == 0, empty.ToString());
        Assert.Equal(0UL, TreeSize(empty));

        byte[] stdin = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => Entry(i) + "\n")));
        CliResult fromStdin = await OversightProcess.RunAsync(["log", "append", "--dir", log.Directory, "--key", log.KeyFile], stdin);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        Assert.Contains("tree size 300", fromStdin.Stdout, StringComparison.Ordinal);

        ulong size = await log.AppendFileAsync(_temp, Enumerable.Range(300, 700).Select(Entry));
        Assert.Equal(1000UL, size);

        CliResult verified = await log.VerifyAsync();
        Assert.True(verified.ExitCode == 0, verified.ToString());
        using var json = JsonDocument.Parse(verified.Stdout);
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(1000UL, json.RootElement.GetProperty("treeSize").GetUInt64());

        CliResult inclusion = await OversightProcess.RunAsync("verify", "inclusion", "--log", log.Directory, "--vkey", log.VerifierKey, "--index", "777");
        Assert.True(inclusion.ExitCode == 0, inclusion.ToString());
    }

    [Fact]
    public async Task Append_keeps_line_bytes_exactly_and_counts_a_last_line_without_newline()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        byte[] input = Encoding.UTF8.GetBytes("first\r\n\nthird with ünïcode\nlast without newline");
        CliResult append = await OversightProcess.RunAsync(["log", "append", "--dir", log.Directory, "--key", log.KeyFile, "-", "--json"], input);
        Assert.True(append.ExitCode == 0, append.ToString());
        using var json = JsonDocument.Parse(append.Stdout);
        Assert.Equal(4UL, json.RootElement.GetProperty("appended").GetUInt64());

        List<ReadOnlyMemory<byte>> entries = Transparency.Tiles.EntryBundle.Decode(await File.ReadAllBytesAsync(Path.Combine(log.Directory, "tile", "entries", "000.p", "4"), Ct));
        Assert.Equal(["first\r", string.Empty, "third with ünïcode", "last without newline"], entries.Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Fact]
    public async Task Append_refuses_a_line_longer_than_an_entry_and_appends_nothing()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, ["one", "two"]);
        string input = _temp.File("too-long.txt");
        await File.WriteAllLinesAsync(input, ["fine", new string('x', 65_535), new string('y', 65_536), "never"], Ct);

        CliResult append = await OversightProcess.RunAsync("log", "append", "--dir", log.Directory, "--key", log.KeyFile, input);

        Assert.True(append.ExitCode == 2, append.ToString());
        Assert.Contains("line 3", append.Stderr, StringComparison.Ordinal);
        Assert.Single(append.Stderr.Trim().Split('\n'));
        CliResult verified = await log.VerifyAsync();
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Equal(2UL, TreeSize(verified));
    }

    [Fact]
    public async Task Append_of_empty_input_changes_nothing()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        await log.AppendFileAsync(_temp, ["a"]);
        byte[] before = await File.ReadAllBytesAsync(Path.Combine(log.Directory, "checkpoint"), Ct);

        CliResult append = await OversightProcess.RunAsync(["log", "append", "--dir", log.Directory, "--key", log.KeyFile, "--json"], []);

        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal("""{"appended":0,"firstIndex":1,"treeSize":1,"root":""" + $"\"{RootOf(before)}\"}}", append.Stdout.Trim());
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(log.Directory, "checkpoint"), Ct));
    }

    [Fact]
    public async Task Init_refuses_an_existing_key_file_and_an_existing_log()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        string keyBefore = await File.ReadAllTextAsync(log.KeyFile, Ct);

        CliResult sameKey = await OversightProcess.RunAsync("log", "init", "--dir", _temp.File("other"), "--origin", "example.org/other", "--key-out", log.KeyFile);
        Assert.True(sameKey.ExitCode == 2, sameKey.ToString());
        Assert.Contains("already exists", sameKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(keyBefore, await File.ReadAllTextAsync(log.KeyFile, Ct));
        Assert.False(Directory.Exists(_temp.File("other")) && File.Exists(Path.Combine(_temp.File("other"), "checkpoint")));

        CliResult sameLog = await OversightProcess.RunAsync("log", "init", "--dir", log.Directory, "--origin", CliLog.Origin, "--key-out", _temp.File("new.key"));
        Assert.True(sameLog.ExitCode == 2, sameLog.ToString());
        Assert.Contains("already holds a log", sameLog.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("new.key")));

        CliResult badOrigin = await OversightProcess.RunAsync("log", "init", "--dir", _temp.File("bad"), "--origin", "has space", "--key-out", _temp.File("bad.key"));
        Assert.True(badOrigin.ExitCode == 2, badOrigin.ToString());
        Assert.False(File.Exists(_temp.File("bad.key")));
    }

    [Fact]
    public async Task Append_with_another_logs_key_fails_verification_and_appends_nothing()
    {
        CliLog log = await CliLog.InitAsync(_temp, "first");
        CliLog other = await CliLog.InitAsync(_temp, "second");
        string input = _temp.File("in.txt");
        await File.WriteAllLinesAsync(input, ["x"], Ct);

        CliResult append = await OversightProcess.RunAsync("log", "append", "--dir", log.Directory, "--key", other.KeyFile, input, "--json");

        Assert.True(append.ExitCode == 1, append.ToString());
        Assert.StartsWith("verification failed: signature", append.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(append.Stdout);
        Assert.Equal(["error"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0UL, TreeSize(await log.VerifyAsync()));
    }

    [Fact]
    public async Task Append_to_a_missing_log_or_with_a_missing_key_is_bad_input()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        CliResult noLog = await OversightProcess.RunAsync(["log", "append", "--dir", _temp.File("nowhere"), "--key", log.KeyFile], []);
        Assert.True(noLog.ExitCode == 2, noLog.ToString());
        CliResult noKey = await OversightProcess.RunAsync(["log", "append", "--dir", log.Directory, "--key", _temp.File("missing.key")], []);
        Assert.True(noKey.ExitCode == 2, noKey.ToString());
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_the_log_is_locked()
    {
        CliLog log = await CliLog.InitAsync(_temp);
        string input = _temp.File("in.txt");
        await File.WriteAllLinesAsync(input, ["x"], Ct);

        // The CLI holds an exclusive lock on this file while it writes; hold it here as another writer would.
        using (new FileStream(Path.Combine(log.Directory, ".oversight-write.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            CliResult refused = await OversightProcess.RunAsync("log", "append", "--dir", log.Directory, "--key", log.KeyFile, input);
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains("another process is writing", refused.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(1UL, await log.AppendFileAsync(_temp, ["x"]));
    }

    public void Dispose() => _temp.Dispose();

    private static string Entry(int i) => $$"""{"amount":"{{i % 100}}.50","id":"dsb-{{i:D4}}","kind":"Disbursed"}""";

    private static ulong TreeSize(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("treeSize").GetUInt64();
    }

    private static string RootOf(byte[] checkpoint) => Encoding.UTF8.GetString(checkpoint).Split('\n')[2];
}
