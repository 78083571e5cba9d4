using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OversightLedger.Grains;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Reports;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;
using OversightLedger.Server.Witnesses;
using OversightLedger.Server.Persistence;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// Wires a test silo like the embedded server: the ledger grain services over a log directory shared by every silo
/// (one signer key, one origin), the sequencer's index in SQLite beside it, and SQLite grain storage on one database file, all taken from the cluster's properties.
/// </summary>
public sealed class LedgerSiloConfigurator : ISiloConfigurator
{
    public const string LogDirectoryKey = "LedgerTests:LogDirectory";
    public const string DatabasePathKey = "LedgerTests:DatabasePath";
    public const string SignerKeyKey = "LedgerTests:SignerKey";
    public const string OriginKey = "LedgerTests:Origin";
    public const string ReportDirectoryKey = "LedgerTests:ReportDirectory";
    public const string FakeClockKey = "LedgerTests:FakeClock";

    public void Configure(ISiloBuilder siloBuilder)
    {
        string logDirectory = Required(siloBuilder, LogDirectoryKey);
        string databasePath = Required(siloBuilder, DatabasePathKey);
        string signerKey = Required(siloBuilder, SignerKeyKey);
        string origin = Required(siloBuilder, OriginKey);

        siloBuilder.Services.Configure<AuditLogOptions>(options => options.Origin = origin);
        // The sequencer's index on disk beside the log, as in the embedded server.
        siloBuilder.Services.AddSingleton<ILogEntryIndex>(services => new SqliteLogEntryIndex(
            Path.Combine(Path.GetDirectoryName(logDirectory)!, SqliteLogEntryIndex.FileName), services.GetRequiredService<ILogger<SqliteLogEntryIndex>>()));
        siloBuilder.Services.AddLedgerGrainServices(_ => new AuditLogStore(new FileSystemLogStorage(logDirectory), new NoteSigner(signerKey), origin));
        siloBuilder.AddSqliteGrainStorage(GrainStorageNames.Ledger, options => options.DatabasePath = databasePath);
        siloBuilder.Services.AddSingleton<IReportStore>(new FileSystemReportStore(Required(siloBuilder, ReportDirectoryKey)));
        string dataDirectory = Path.GetDirectoryName(logDirectory)!;
        siloBuilder.Services.AddSingleton<ICosignatureStore>(services => new CosignatureStore(
            new ServerOptions { Data = dataDirectory }, services.GetRequiredService<AuditLogStore>(), services.GetRequiredService<IGrainFactory>()));
        if (siloBuilder.Configuration[FakeClockKey] == "true")
        {
            // Registered after the ledger services, so it replaces their system clock in every silo of this process.
            siloBuilder.Services.AddSingleton<TimeProvider>(TestClock.Instance);
        }
    }

    private static string Required(ISiloBuilder siloBuilder, string key) =>
        siloBuilder.Configuration[key] ?? throw new InvalidOperationException($"The test cluster has no '{key}' property.");
}
