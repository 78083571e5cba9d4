using System.Globalization;
using OversightLedger.Cli.Tests.Agency;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// A real ledger server configured (<c>Witnesses:</c>) with two real <c>oversight witness serve</c> processes, A and B,
/// on ports chosen before the server starts. The witnesses start only after the server is ready (they need the log's
/// verifier key), so the server's first submissions find them down and must retry. A third key, made the same way,
/// is known to no one. A third configured witness, <see cref="Dishonest"/>, answers with cosignatures of other
/// checkpoints. Short back-off so the tests need not wait long.
/// </summary>
public sealed class WitnessedLedgerFixture : AgencyLedgerFixture
{
    private readonly WitnessServerProcess?[] _witnesses = new WitnessServerProcess?[2];
    private int[] _ports = [];

    internal WitnessFiles A { get; private set; } = null!;

    internal WitnessFiles B { get; private set; } = null!;

    /// <summary>A configured witness whose every answer is a cosignature of another checkpoint.</summary>
    internal DishonestWitness Dishonest { get; private set; } = null!;

    /// <summary>A witness key the server is not configured with.</summary>
    internal WitnessFiles Unknown { get; private set; } = null!;

    /// <summary>The name the server gives witness B in its log (configured; A's is its key name).</summary>
    internal const string BName = "witness-b";

    /// <summary>The log's URL for <c>verify --log</c>.</summary>
    internal string LogUrl => ServerUrl + "/log/";

    protected override ServerProcessOptions ServerOptions => base.ServerOptions with { Arguments = WitnessSettings };

    private string[] WitnessSettings =>
    [
        "--Witnesses:0:Url", $"http://127.0.0.1:{_ports[0].ToString(CultureInfo.InvariantCulture)}/",
        "--Witnesses:0:VerifierKey", A.VerifierKey,
        "--Witnesses:1:Url", $"http://127.0.0.1:{_ports[1].ToString(CultureInfo.InvariantCulture)}",
        "--Witnesses:1:VerifierKey", B.VerifierKey,
        "--Witnesses:1:Name", BName,
        "--Witnesses:2:Url", $"http://127.0.0.1:{_ports[2].ToString(CultureInfo.InvariantCulture)}/",
        "--Witnesses:2:VerifierKey", Dishonest.VerifierKey,
        "--WitnessSubmission:PollInterval", "00:00:00.200",
        "--WitnessSubmission:FirstRetryDelay", "00:00:00.200",
        "--WitnessSubmission:MaxRetryDelay", "00:00:01",
    ];

    /// <summary>Starts witness 0 (A) or 1 (B) on its port with its state, as it was or as it was left.</summary>
    internal async Task StartWitnessAsync(int witness)
    {
        WitnessFiles files = witness == 0 ? A : B;
        _witnesses[witness] = await WitnessServerProcess.StartOnAsync(
            $"127.0.0.1:{_ports[witness].ToString(CultureInfo.InvariantCulture)}", files.KeyFile, Temp.File($"state-{witness}"), LogKey);
    }

    /// <summary>Kills witness 0 (A) or 1 (B).</summary>
    internal async Task StopWitnessAsync(int witness)
    {
        if (_witnesses[witness] is { } running)
        {
            await running.DisposeAsync();
            _witnesses[witness] = null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await StopWitnessAsync(0);
        await StopWitnessAsync(1);
        Dishonest?.Dispose();
        await base.DisposeAsync();
    }

    protected override async Task BeforeServerStartsAsync()
    {
        A = await WitnessFiles.CreateAsync(Temp, "witness.example.org/a");
        B = await WitnessFiles.CreateAsync(Temp, "witness.example.org/b");
        Unknown = await WitnessFiles.CreateAsync(Temp, "witness.example.org/unknown");
        _ports = FreePorts.Take(3);
        Dishonest = new DishonestWitness(_ports[2]);
    }

    protected override async Task AfterServerStartedAsync()
    {
        await base.AfterServerStartedAsync();
        await StartWitnessAsync(0);
        await StartWitnessAsync(1);
    }
}
