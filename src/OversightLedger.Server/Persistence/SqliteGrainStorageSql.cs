namespace OversightLedger.Server.Persistence;

/// <summary>The schema and statements of <see cref="SqliteGrainStorage"/>, in one place.</summary>
internal static class SqliteGrainStorageSql
{
    /// <summary>Stored in <c>PRAGMA user_version</c>; a database with a newer version is refused.</summary>
    public const long SchemaVersion = 1;

    /// <summary>
    /// One row per (state name, grain id). <c>version</c> is the ETag and only ever grows, also across a clear,
    /// which leaves a tombstone (<c>payload IS NULL</c>) so an ETag issued before the clear can never match again.
    /// </summary>
    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT    NOT NULL,
            grain_id   TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            payload    BLOB,
            PRIMARY KEY (state_name, grain_id)
        ) STRICT, WITHOUT ROWID;
        PRAGMA user_version = 1;
        """;

    /// <summary>Makes the database write-ahead logged; the mode is stored in the file.</summary>
    public const string EnableWal = "PRAGMA journal_mode = WAL;";

    /// <summary>Reads the schema version.</summary>
    public const string ReadSchemaVersion = "PRAGMA user_version;";

    /// <summary>Reads a record's version and payload.</summary>
    public const string ReadState = """
        SELECT version, payload FROM grain_state WHERE state_name = $stateName AND grain_id = $grainId;
        """;

    /// <summary>Reads a record's version, inside the write transaction that compares it with the caller's ETag.</summary>
    public const string ReadVersion = """
        SELECT version FROM grain_state WHERE state_name = $stateName AND grain_id = $grainId;
        """;

    /// <summary>Inserts or replaces a record's payload under its new version.</summary>
    public const string Upsert = """
        INSERT INTO grain_state (state_name, grain_id, version, payload)
        VALUES ($stateName, $grainId, $version, $payload)
        ON CONFLICT (state_name, grain_id) DO UPDATE SET version = excluded.version, payload = excluded.payload;
        """;

    /// <summary>Turns a record into a tombstone under its new version.</summary>
    public const string Tombstone = """
        UPDATE grain_state SET version = $version, payload = NULL WHERE state_name = $stateName AND grain_id = $grainId;
        """;

    /// <summary>
    /// Per-connection settings (SQLite does not store them in the file). <c>synchronous=FULL</c> fsyncs the WAL on
    /// every commit, so a commit that returned survives power loss, not only a killed process; <c>fullfsync</c>
    /// asks macOS for a real flush (F_FULLFSYNC) and is ignored elsewhere.
    /// </summary>
    public static string ConnectionPragmas(TimeSpan busyTimeout) =>
        $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA fullfsync = ON; PRAGMA checkpoint_fullfsync = ON; PRAGMA secure_delete = ON;";
}
