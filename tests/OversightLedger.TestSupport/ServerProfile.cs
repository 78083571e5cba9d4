namespace OversightLedger.TestSupport;

/// <summary>The server's profile (<c>--Profile</c>): what its storage, clustering and jobs run on.</summary>
public enum ServerProfile
{
    /// <summary>One silo on its data directory: the journaled file log, SQLite grain and job storage.</summary>
    Embedded,

    /// <summary>
    /// A silo of a cluster on Azure Blob and Table Storage (Azurite in tests) and PostgreSQL; its settings come in
    /// <see cref="ServerProcessOptions.Environment"/> (<c>Azure:…</c>, <c>Hangfire:PostgreSql</c>).
    /// </summary>
    Azure,
}
