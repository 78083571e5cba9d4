using Microsoft.Data.Sqlite;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Puts back in the queue the runs a previous process fetched and never finished. The SQLite storage hides a fetched run
/// from every worker for its invisibility timeout (30 minutes), so a run acknowledged just before a <c>kill -9</c> — fetched,
/// or already Processing — would wait that long after a restart. In the embedded profile one process uses the jobs
/// database, and it calls this before its Hangfire server starts: every fetched run is then an orphan, and runs again
/// at once — its fetch time set back to 0 ticks (<c>DateTime.MinValue</c>), as the storage marks a run not fetched.
/// The jobs are idempotent: each writes to the log under ids that make a second run a no-op.
/// </summary>
internal static partial class OrphanedJobRelease
{
    /// <summary>Releases every fetched run of the jobs database at <paramref name="path"/>; returns how many (none on a new database).</summary>
    public static int Release(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using (SqliteCommand exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'JobQueue'";
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return 0;
            }
        }

        using SqliteCommand release = connection.CreateCommand();
        release.CommandText = "UPDATE JobQueue SET FetchedAt = 0 WHERE FetchedAt IS NOT NULL AND FetchedAt <> 0";
        int released = release.ExecuteNonQuery();
        if (released > 0)
        {
            LogReleased(logger, released);
        }

        return released;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job run(s) fetched by the previous process and never finished are queued again")]
    private static partial void LogReleased(ILogger logger, int count);
}
