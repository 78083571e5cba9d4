using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Beneficiaries;
using OversightLedger.Server.Persistence;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Hosting;

/// <summary>The embedded profile: one co-hosted silo on localhost clustering, everything durable under the data directory.</summary>
internal static class SiloSetup
{
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder, ServerOptions options, TimeProvider clock)
    {
        builder.Services.Configure<AuditLogOptions>(builder.Configuration.GetSection("Log"));
        if ((builder.Configuration.GetSection("Log").Get<AuditLogOptions>() ?? new AuditLogOptions()).IndexOnDisk)
        {
            // The sequencer's index on disk (issue 17), one per silo, opened by each activation of the sequencer; registered before the ledger services,
            // which register the in-memory one only when none is.
            builder.Services.AddSingleton<ILogEntryIndex>(services => new SqliteLogEntryIndex(
                Path.Combine(options.DataDirectory, SqliteLogEntryIndex.FileName), services.GetRequiredService<ILogger<SqliteLogEntryIndex>>()));
        }

        builder.Services.AddLedgerGrainServices(_ =>
        {
            string origin = builder.Configuration.GetSection("Log").Get<AuditLogOptions>()?.Origin ?? new AuditLogOptions().Origin;
            Directory.CreateDirectory(options.LogDirectory);
            // The sequencer's storage: commits made durable through a write-ahead journal, replayed here after a crash.
            ILogStorage storage = JournaledLogStorage.OpenAsync(options.LogDirectory).GetAwaiter().GetResult();
            return new AuditLogStore(storage, LogSigningKey.LoadOrCreate(options.KeysDirectory, origin), origin);
        }, clock);
        builder.Services.Configure<GrainSnapshotOptions>(builder.Configuration.GetSection("Snapshots"));
        builder.Services.AddGrainSnapshots(_ => new FileSystemGrainSnapshotStore(Path.Combine(options.DataDirectory, "snapshots")));
        // Registered before the silo, so it stops after the silo (hosted services stop in reverse order).
        builder.Services.AddHostedService<LogStorageShutdown>();
        builder.Services.AddSingleton(_ => PseudonymKey.LoadOrCreate(options.KeysDirectory));
        builder.Services.AddOptions<WatchdogRuleSettings>().Bind(builder.Configuration.GetSection("Watchdog:Rules"))
            .Validate(settings => settings.Validate() is not null, "Watchdog:Rules holds an invalid threshold.");

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
            silo.AddSqliteGrainStorage(GrainStorageNames.Ledger, sqlite => sqlite.DatabasePath = Path.Combine(options.DataDirectory, "grains.db"));
        });
        return builder;
    }
}
