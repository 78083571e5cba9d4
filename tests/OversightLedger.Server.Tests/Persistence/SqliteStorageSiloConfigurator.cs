using Orleans.TestingHost;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

/// <summary>Registers a named and the default SQLite grain storage on the database file given in the cluster's properties.</summary>
public sealed class SqliteStorageSiloConfigurator : ISiloConfigurator
{
    public const string StorageName = "sqlite-test";
    public const string DatabasePathKey = "SqliteGrainStorageTests:DatabasePath";

    public void Configure(ISiloBuilder siloBuilder)
    {
        string databasePath = siloBuilder.Configuration[DatabasePathKey]
            ?? throw new InvalidOperationException($"The test cluster has no '{DatabasePathKey}' property.");
        siloBuilder
            .AddSqliteGrainStorage(StorageName, options => options.DatabasePath = databasePath)
            .AddSqliteGrainStorageAsDefault(options => options.DatabasePath = databasePath);
    }
}
