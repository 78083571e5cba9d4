using OversightLedger.Transparency.Storage;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// Orleans grain storage in one SQLite database file, for the embedded profile. A write is durable when
/// <see cref="WriteStateAsync{T}(string, GrainId, IGrainState{T})"/> returns: the database is in WAL mode and every
/// connection runs with <c>synchronous=FULL</c>, so the commit has been fsynced, and survives <c>kill -9</c> and power
/// loss. ETags are record versions compared inside a <c>BEGIN IMMEDIATE</c> transaction, so concurrent writers (other
/// activations, other provider instances, other processes on the same file) cannot lose each other's writes.
/// </summary>
/// <remarks>
/// Records are keyed by state name and grain id (the grain id includes the grain type). A clear keeps a tombstone
/// with a new version instead of deleting the row, so an ETag from before the clear never matches again.
/// Each operation takes a connection from Microsoft.Data.Sqlite's pool. Writers in one process queue on an
/// in-process gate per database file before they take SQLite's lock: SQLite's own busy wait sleeps and retries,
/// which lets a busy writer starve the others for seconds.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    private readonly string _name;
    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly SemaphoreSlim _writeGate;
    private readonly SemaphoreSlim _initializationLock = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;

    /// <summary>Creates the provider; nothing touches the disk until the first operation or silo start.</summary>
    /// <param name="name">The provider name, as used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="options">The options; <see cref="SqliteGrainStorageOptions.GrainStorageSerializer"/> must be set.</param>
    /// <param name="activatorProvider">Creates default state instances for missing or cleared records.</param>
    /// <param name="logger">The logger.</param>
    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IActivatorProvider activatorProvider,
        ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.GrainStorageSerializer is null)
        {
            throw new ArgumentException(
                $"{nameof(SqliteGrainStorageOptions.GrainStorageSerializer)} is not set for grain storage '{name}'.",
                nameof(options));
        }

        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "The busy timeout must be positive.");
        }

        _name = name;
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _writeGate = WriteGates.GetOrAdd(_databasePath, _ => new SemaphoreSlim(1, 1));
        _serializer = options.GrainStorageSerializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds), // never 0, which would wait forever
        }.ToString();
        _connectionPragmas = SqliteGrainStorageSql.ConnectionPragmas(options.BusyTimeout);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <summary>Creates the provider registered under <paramref name="name"/>, from its named options.</summary>
    internal static SqliteGrainStorage Create(IServiceProvider services, string name) =>
        new(
            name,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>());

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        await using SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteGrainStorageSql.ReadState;
        AddKey(command, stateName, grainId);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        long version = reader.GetInt64(0);
        if (reader.IsDBNull(1))
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = FormatETag(version);
            grainState.RecordExists = false;
            return;
        }

        byte[] payload = reader.GetFieldValue<byte[]>(1);
        T? state;
        try
        {
            state = _serializer.Deserialize<T>(new BinaryData(payload));
        }
        catch (Exception exception)
        {
            throw new InvalidDataException(
                $"Cannot deserialize state '{stateName}' of grain {grainId} (version {version}) from {_databasePath} as {typeof(T)}.",
                exception);
        }

        grainState.State = state ?? CreateDefault<T>();
        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        byte[] payload = _serializer.Serialize(grainState.State).ToArray();
        long newVersion = await ReplaceAsync(stateName, grainId, grainState.ETag, payload, cancellationToken)
            .ConfigureAwait(false)
            ?? throw new InvalidOperationException("A write always produces a version.");

        grainState.ETag = FormatETag(newVersion);
        grainState.RecordExists = true;
        LogWrote(_logger, _name, stateName, grainId, newVersion);
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        long? newVersion = await ReplaceAsync(stateName, grainId, grainState.ETag, payload: null, cancellationToken)
            .ConfigureAwait(false);

        grainState.ETag = newVersion is { } version ? FormatETag(version) : null;
        grainState.RecordExists = false;
        LogCleared(_logger, _name, stateName, grainId, newVersion);
    }

    /// <summary>Creates the database at silo start, so a bad path fails the start rather than the first grain.</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            EnsureInitializedAsync);
    }

    /// <summary>Closes the pooled connections to the database file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initializationLock.Dispose();
    }

    /// <summary>Opens a pooled connection with the durability settings applied, creating the database first if needed.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_initialized)
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConfiguredConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            string directory = Path.GetDirectoryName(_databasePath)!;
            CreateDirectoryDurably(directory);
            bool isNewFile = !File.Exists(_databasePath);

            // The database holds key hashes: created 0600 before SQLite opens it (its -wal and -shm then get the
            // same mode), in a 0700 directory; a database an earlier version left readable by others is narrowed.
            SecretFiles.PrepareDatabase(_databasePath);

            await using (SqliteConnection connection = await OpenConfiguredConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            if (isNewFile)
            {
                PosixDirectorySync.Sync(directory);
            }

            _initialized = true;
            LogInitialized(_logger, _name, _databasePath);
        }
        finally
        {
            _initializationLock.Release();
        }
    }

    private async Task CreateSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        string? journalMode;
        await using (SqliteCommand wal = connection.CreateCommand())
        {
            wal.CommandText = SqliteGrainStorageSql.EnableWal;
            journalMode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused WAL mode for {_databasePath} (journal mode is '{journalMode}').");
        }

        await using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        long schemaVersion;
        await using (SqliteCommand read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = SqliteGrainStorageSql.ReadSchemaVersion;
            schemaVersion = (long)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }

        if (schemaVersion > SqliteGrainStorageSql.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{_databasePath} has grain storage schema version {schemaVersion}; this build knows up to {SqliteGrainStorageSql.SchemaVersion}.");
        }

        await using (SqliteCommand create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteGrainStorageSql.CreateSchema;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }

    private async Task<SqliteConnection> OpenConfiguredConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using SqliteCommand pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the directory and its missing parents, and makes each new directory entry durable.</summary>
    private static void CreateDirectoryDurably(string directory)
    {
        var created = new List<string>();
        for (string? missing = directory; missing is not null && !Directory.Exists(missing); missing = Path.GetDirectoryName(missing))
        {
            created.Add(missing);
        }

        if (created.Count == 0)
        {
            return;
        }

        SecretFiles.EnsureDirectory(directory);
        foreach (string newDirectory in created)
        {
            PosixDirectorySync.Sync(Path.GetDirectoryName(newDirectory)!);
        }
    }

    /// <summary>
    /// Replaces a record's payload (<see langword="null"/>: leaves a tombstone) if <paramref name="eTag"/> is the
    /// stored version, and returns the new version; a clear of a record that was never written changes nothing and
    /// returns <see langword="null"/>, since no ETag was ever issued that a tombstone would have to outlive.
    /// </summary>
    private async Task<long?> ReplaceAsync(
        string stateName, GrainId grainId, string? eTag, byte[]? payload, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the write lock is held from the version read to the commit.
            await using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            long? storedVersion = await ReadVersionAsync(connection, transaction, stateName, grainId, cancellationToken)
                .ConfigureAwait(false);
            ThrowIfETagMismatch(payload is null ? "clear" : "write", stateName, grainId, storedVersion, eTag);
            if (payload is null && storedVersion is null)
            {
                return null;
            }

            long newVersion = (storedVersion ?? 0) + 1;
            await using (SqliteCommand command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = payload is null ? SqliteGrainStorageSql.Tombstone : SqliteGrainStorageSql.Upsert;
                AddKey(command, stateName, grainId);
                command.Parameters.AddWithValue("$version", newVersion);
                if (payload is not null)
                {
                    command.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // With synchronous=FULL the WAL is fsynced before Commit returns: from here on the change is durable.
            transaction.Commit();
            return newVersion;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task<long?> ReadVersionAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string stateName,
        GrainId grainId,
        CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteGrainStorageSql.ReadVersion;
        AddKey(command, stateName, grainId);
        object? version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return version is null ? null : (long)version;
    }

    private void ThrowIfETagMismatch(string operation, string stateName, GrainId grainId, long? storedVersion, string? eTag)
    {
        string? storedETag = storedVersion is { } version ? FormatETag(version) : null;
        if (string.Equals(storedETag, eTag, StringComparison.Ordinal))
        {
            return;
        }

        throw new InconsistentStateException(
            $"Grain storage '{_name}' refused to {operation} state '{stateName}' of grain {grainId}: "
                + $"the stored ETag is {storedETag ?? "(none)"} but the caller holds {eTag ?? "(none)"}.",
            storedETag,
            eTag);
    }

    private T CreateDefault<T>() => _activatorProvider.GetActivator<T>().Create();

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$stateName", stateName);
        command.Parameters.AddWithValue("$grainId", grainId.ToString());
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} uses SQLite database {DatabasePath}")]
    private static partial void LogInitialized(ILogger logger, string name, string databasePath);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Name} wrote {StateName} of {GrainId} at version {Version}")]
    private static partial void LogWrote(ILogger logger, string name, string stateName, GrainId grainId, long version);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Name} cleared {StateName} of {GrainId} at version {Version}")]
    private static partial void LogCleared(ILogger logger, string name, string stateName, GrainId grainId, long? version);
}
