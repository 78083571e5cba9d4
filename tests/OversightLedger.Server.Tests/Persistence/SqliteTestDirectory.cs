using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

/// <summary>A temporary directory for a test's database, and providers on it built without a silo.</summary>
internal sealed class SqliteTestDirectory : IDisposable
{
    private static readonly ServiceProvider Serialization = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(SqliteProbeState).Assembly))
        .BuildServiceProvider();

    private readonly TemporaryDirectory _directory = new("oversightledger-sqlite-");

    public string Root => _directory.Path;

    public string DatabasePath => Path.Combine(Root, "grains.db");

    /// <summary>A provider on <paramref name="databasePath"/> (default <see cref="DatabasePath"/>) with Orleans' serializer.</summary>
    public SqliteGrainStorage CreateStorage(string? databasePath = null) => CreateStorageAt(databasePath ?? DatabasePath);

    public static SqliteGrainStorage CreateStorageAt(string databasePath) =>
        new(
            "sqlite-test",
            new SqliteGrainStorageOptions
            {
                DatabasePath = databasePath,
                GrainStorageSerializer = new OrleansGrainStorageSerializer(Serialization.GetRequiredService<Serializer>()),
            },
            Serialization.GetRequiredService<IActivatorProvider>(),
            NullLogger<SqliteGrainStorage>.Instance);

    public void Dispose() => _directory.Dispose();
}
