using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>A witness's files for one test: its key (made with <c>witness keygen</c>), its verifier key and its state file.</summary>
internal sealed record WitnessFiles(string KeyFile, string VerifierKey, string StateFile)
{
    /// <summary>Runs <c>witness keygen</c> for <paramref name="name"/> in <paramref name="temp"/> and checks that it worked.</summary>
    public static async Task<WitnessFiles> CreateAsync(TemporaryDirectory temp, string name)
    {
        string file = temp.File($"witness-{Guid.NewGuid():N}.key");
        CliResult keygen = await OversightProcess.RunAsync("witness", "keygen", "--name", name, "--out", file);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        return new WitnessFiles(file, keygen.Stdout.Trim(), file + ".state");
    }

    /// <summary>The state file's text, or null when there is none.</summary>
    public string? StateText => File.Exists(StateFile) ? File.ReadAllText(StateFile) : null;
}
