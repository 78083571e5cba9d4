using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Grains;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Persistence;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// Wires a test silo like the embedded server: the ledger grain services over a log directory shared by every silo
/// (one signer key, one origin) and SQLite grain storage on one database file, all taken from the cluster's properties.
/// </summary>
public sealed class LedgerSiloConfigurator : ISiloConfigurator
{
    public const string LogDirectoryKey = "LedgerTests:LogDirectory";
    public const string DatabasePathKey = "LedgerTests:DatabasePath";
    public const string SignerKeyKey = "LedgerTests:SignerKey";
    public const string OriginKey = "LedgerTests:Origin";

    public void Configure(ISiloBuilder siloBuilder)
    {
        string logDirectory = Required(siloBuilder, LogDirectoryKey);
        string databasePath = Required(siloBuilder, DatabasePathKey);
        string signerKey = Required(siloBuilder, SignerKeyKey);
        string origin = Required(siloBuilder, OriginKey);

        siloBuilder.Services.Configure<AuditLogOptions>(options => options.Origin = origin);
        siloBuilder.Services.AddLedgerGrainServices(_ => new AuditLogStore(new FileSystemLogStorage(logDirectory), new NoteSigner(signerKey), origin));
        siloBuilder.AddSqliteGrainStorage(GrainStorageNames.Ledger, options => options.DatabasePath = databasePath);
    }

    private static string Required(ISiloBuilder siloBuilder, string key) =>
        siloBuilder.Configuration[key] ?? throw new InvalidOperationException($"The test cluster has no '{key}' property.");
}
