using OversightLedger.Cli.Tests.Agency;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>A <c>Witnesses:</c> entry the server cannot use stops it at start, naming the entry and what is wrong with it.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WitnessConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public static TheoryData<string, string> BadEntries => new()
    {
        { "log key", "Witnesses:0:VerifierKey is not a cosignature/v1 verifier key" },
        { "relative url", "Witnesses:0:Url 'witness.example.org/' is not an absolute http or https URL" },
        { "same key twice", "Witnesses:1: the key witness.example.org/twice+" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task A_bad_witness_entry_stops_the_server_at_start_naming_it(string entry, string message)
    {
        WitnessFiles witness = await WitnessFiles.CreateAsync(_temp, "witness.example.org/twice");
        (_, string logVerifierKey) = NoteSigner.Generate("example.org/not-a-witness");
        string[] configuration = entry switch
        {
            "log key" => ["--Witnesses:0:Url", "http://127.0.0.1:9/", "--Witnesses:0:VerifierKey", logVerifierKey],
            "relative url" => ["--Witnesses:0:Url", "witness.example.org/", "--Witnesses:0:VerifierKey", witness.VerifierKey],
            _ =>
            [
                "--Witnesses:0:Url", "http://127.0.0.1:9/", "--Witnesses:0:VerifierKey", witness.VerifierKey,
                "--Witnesses:1:Url", "http://127.0.0.1:10/", "--Witnesses:1:VerifierKey", witness.VerifierKey,
            ],
        };

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ServerProcess.StartAsync(new ServerProcessOptions { Arguments = configuration, ScheduledWatchdogScans = true }, TestContext.Current.CancellationToken));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
