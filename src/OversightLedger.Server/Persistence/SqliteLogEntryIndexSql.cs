namespace OversightLedger.Server.Persistence;

/// <summary>The schema and statements of <see cref="SqliteLogEntryIndex"/>, in one place.</summary>
internal static class SqliteLogEntryIndexSql
{
    /// <summary>
    /// Stored in <c>PRAGMA user_version</c>; a file with another version is discarded and rebuilt. Version 1 held
    /// HMAC-SHA-256 fingerprints under a 32-byte key; version 2 holds SipHash-2-4-128 ones under a 16-byte key, so a
    /// version-1 file's fingerprints would never match and is rebuilt from the log.
    /// </summary>
    public const long SchemaVersion = 2;

    /// <summary>
    /// Derived data, rebuilt from the log when lost: write-ahead logged without an fsync per commit (a commit lost to a
    /// power cut leaves an older recorded position, from which the sequencer catches up); a 32 MiB page cache.
    /// </summary>
    public const string ConnectionPragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA busy_timeout = 5000;";

    /// <summary>
    /// <c>entry_leaf</c>: the keyed fingerprint of each entry id (SipHash-2-4-128 under the index's own 16-byte key)
    /// and its leaf. <c>subject_run</c>: a subject's leaves as runs of consecutive leaves. <c>index_position</c>: one
    /// row, the fingerprint key and the tree size and root the index covers, written in the same transaction as the
    /// entries.
    /// </summary>
    public const string CreateSchema = """
        CREATE TABLE entry_leaf (
            fingerprint BLOB    NOT NULL PRIMARY KEY,
            leaf        INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE subject_run (
            subject    TEXT    NOT NULL,
            first_leaf INTEGER NOT NULL,
            leaf_count INTEGER NOT NULL,
            PRIMARY KEY (subject, first_leaf)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE index_position (
            singleton       INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
            fingerprint_key BLOB    NOT NULL,
            tree_size       INTEGER NOT NULL,
            root            BLOB    NOT NULL
        ) STRICT;
        INSERT INTO index_position (singleton, fingerprint_key, tree_size, root) VALUES (1, $key, 0, zeroblob(32));
        PRAGMA user_version = 2;
        """;

    /// <summary>Reads the schema version.</summary>
    public const string ReadSchemaVersion = "PRAGMA user_version;";

    /// <summary>Reads the fingerprint key and the position covered.</summary>
    public const string ReadPosition = "SELECT fingerprint_key, tree_size, root FROM index_position WHERE singleton = 1;";

    /// <summary>Records the position covered.</summary>
    public const string WritePosition = "UPDATE index_position SET tree_size = $treeSize, root = $root WHERE singleton = 1;";

    /// <summary>The leaf of an id's fingerprint.</summary>
    public const string FindLeaf = "SELECT leaf FROM entry_leaf WHERE fingerprint = $fingerprint;";

    /// <summary>Every fingerprint, for the in-memory filter.</summary>
    public const string AllFingerprints = "SELECT fingerprint FROM entry_leaf;";

    /// <summary>Indexes an id; a repeated id names the later leaf.</summary>
    public const string PutLeaf = "INSERT OR REPLACE INTO entry_leaf (fingerprint, leaf) VALUES ($fingerprint, $leaf);";

    /// <summary>A subject's last run.</summary>
    public const string LastRun = "SELECT first_leaf, leaf_count FROM subject_run WHERE subject = $subject ORDER BY first_leaf DESC LIMIT 1;";

    /// <summary>Lengthens a run.</summary>
    public const string ExtendRun = "UPDATE subject_run SET leaf_count = $leafCount WHERE subject = $subject AND first_leaf = $firstLeaf;";

    /// <summary>Adds a run.</summary>
    public const string InsertRun = "INSERT INTO subject_run (subject, first_leaf, leaf_count) VALUES ($subject, $firstLeaf, $leafCount);";

    /// <summary>A subject's runs from the one holding (or, failing that, the last one before) <c>$from</c>, ascending.</summary>
    public const string RunsFrom = """
        SELECT first_leaf, leaf_count FROM subject_run
        WHERE subject = $subject
          AND first_leaf >= COALESCE((SELECT MAX(first_leaf) FROM subject_run WHERE subject = $subject AND first_leaf <= $from), 0)
        ORDER BY first_leaf;
        """;
}
