using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// What outlives a test cluster: a temporary directory holding the log's tiles and the SQLite grain database, and the
/// log's signer key. Clusters started on the same directory share the same log and grain state.
/// </summary>
public sealed class LedgerClusterDirectory : IDisposable
{
    public const string Origin = "ledger-tests.oversightledger.local/log";

    private readonly TemporaryDirectory _directory = new("oversightledger-ledger-");

    public LedgerClusterDirectory()
    {
        (SignerKey, VerifierKey) = NoteSigner.Generate(Origin);
        Directory.CreateDirectory(LogDirectory);
    }

    public string Root => _directory.Path;

    public string LogDirectory => Path.Combine(Root, "log");

    public string DatabasePath => Path.Combine(Root, "grains.db");

    /// <summary>Where the silos store published report files.</summary>
    public string ReportDirectory => Path.Combine(Root, "reports");

    /// <summary>The log's secret signer key, given to every silo.</summary>
    public string SignerKey { get; }

    /// <summary>The verifier key an auditor checks checkpoints with.</summary>
    public string VerifierKey { get; }

    /// <summary>Starts a cluster of <paramref name="silos"/> silos on this directory; <paramref name="configure"/> may add properties and configurators.</summary>
    public async Task<TestCluster> StartClusterAsync(short silos, CancellationToken cancellationToken, bool fakeClock = false, Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Properties[LedgerSiloConfigurator.LogDirectoryKey] = LogDirectory;
        builder.Properties[LedgerSiloConfigurator.DatabasePathKey] = DatabasePath;
        builder.Properties[LedgerSiloConfigurator.SignerKeyKey] = SignerKey;
        builder.Properties[LedgerSiloConfigurator.OriginKey] = Origin;
        builder.Properties[LedgerSiloConfigurator.ReportDirectoryKey] = ReportDirectory;
        builder.Properties[LedgerSiloConfigurator.FakeClockKey] = fakeClock ? "true" : "false";
        builder.AddSiloBuilderConfigurator<LedgerSiloConfigurator>();
        configure?.Invoke(builder);
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync(cancellationToken);
        return cluster;
    }

    /// <summary>The log as an auditor sees it: the files in the directory, read without any silo.</summary>
    public LedgerLogFiles OpenLogFiles() =>
        new(new AuditLogStore(new FileSystemLogStorage(LogDirectory), new NoteSigner(SignerKey), Origin));

    public void Dispose() => _directory.Dispose();
}
