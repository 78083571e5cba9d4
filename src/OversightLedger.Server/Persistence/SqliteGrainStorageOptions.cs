using Orleans.Storage;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// Options for <see cref="SqliteGrainStorage"/>, the embedded profile's grain storage: one SQLite database file
/// in WAL mode with <c>synchronous=FULL</c>.
/// </summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The default for <see cref="DatabasePath"/>: <c>data/grains.db</c>.</summary>
    public const string DefaultDatabasePath = "data/grains.db";

    /// <summary>The default for <see cref="BusyTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The SQLite database file. A relative path is resolved against the current directory when the provider is
    /// created; the directory and the schema are created on first use. Default: <c>data/grains.db</c>.
    /// </summary>
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary>
    /// How long an operation waits for another connection's write lock (another provider or process on the same
    /// file) before it fails; must be positive. Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>
    /// The serializer for state payloads. Default: <see langword="null"/>, which registration replaces with a
    /// serializer registered under the provider's name as a keyed <see cref="IGrainStorageSerializer"/> if there
    /// is one, and otherwise with Orleans' own binary serializer (<see cref="OrleansGrainStorageSerializer"/>),
    /// which honours <c>[Id]</c> and <c>[Alias]</c> so stored state survives renames.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
