using System.Text.Json;

namespace OversightLedger.Cli.Tests.TestSupport;

/// <summary>A log made with <c>oversight log init</c> in a temporary directory: where it is and its keys.</summary>
internal sealed record CliLog(string Directory, string KeyFile, string VerifierKeyFile, string VerifierKey)
{
    public const string Origin = "example.org/cli-test";

    /// <summary>Runs <c>log init</c> in <paramref name="temp"/> and checks that it worked.</summary>
    public static async Task<CliLog> InitAsync(TemporaryDirectory temp, string name = "log")
    {
        string dir = temp.File(name);
        string key = temp.File(name + ".key");
        CliResult init = await OversightProcess.RunAsync("log", "init", "--dir", dir, "--origin", Origin, "--key-out", key);
        Assert.True(init.ExitCode == 0, init.ToString());
        return new CliLog(dir, key, key + ".vkey", init.Stdout.Trim());
    }

    /// <summary>Appends <paramref name="lines"/> from a file and returns the new tree size.</summary>
    public async Task<ulong> AppendFileAsync(TemporaryDirectory temp, IEnumerable<string> lines)
    {
        string input = temp.File($"input-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(input, lines, TestContext.Current.CancellationToken);
        CliResult append = await OversightProcess.RunAsync("log", "append", "--dir", Directory, "--key", KeyFile, input, "--json");
        Assert.True(append.ExitCode == 0, append.ToString());
        using var json = JsonDocument.Parse(append.Stdout);
        return json.RootElement.GetProperty("treeSize").GetUInt64();
    }

    /// <summary>Runs <c>verify log --json</c> on this log.</summary>
    public Task<CliResult> VerifyAsync(params string[] extra) =>
        OversightProcess.RunAsync(["verify", "log", "--log", Directory, "--vkey", VerifierKeyFile, "--json", .. extra]);
}
