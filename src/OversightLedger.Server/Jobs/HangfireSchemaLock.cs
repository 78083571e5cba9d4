using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// A PostgreSQL advisory lock, one per Hangfire schema, held while a silo creates its Hangfire storage, so that silos
/// starting together against an empty database set the schema up one after another. Hangfire.PostgreSql's installer
/// (<c>PostgreSqlObjectsInstaller</c>) takes no lock: it checks the schema's version, then runs each upgrade script in
/// its own transaction, so concurrent installers fail on each other's <c>CREATE SCHEMA</c> or <c>ALTER TABLE</c> and
/// only get through on Hangfire's start-up retries, logging errors. Under the lock, the first silo installs and the
/// others find every version applied.
/// </summary>
/// <remarks>
/// The lock is the session's of its own unpooled connection: disposing unlocks it and closes that connection, and
/// PostgreSQL releases it too when a silo dies holding it. When PostgreSQL cannot be reached or the lock is not had
/// within <see cref="WaitLimit"/>, the silo goes on without it (with a warning) and Hangfire's own retries apply.
/// </remarks>
internal sealed partial class HangfireSchemaLock : IDisposable
{
    /// <summary>How long a silo waits for the lock (another silo installing) before going on without it.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly long _key;
    private NpgsqlConnection? _session;

    private HangfireSchemaLock(NpgsqlConnection? session, long key)
    {
        _session = session;
        _key = key;
    }

    /// <summary>Whether the lock is held: false when PostgreSQL did not grant it (the silo goes on without it) or once it is released.</summary>
    public bool Held => _session is not null;

    /// <summary>The advisory lock's key for <paramref name="schema"/>: the first 8 bytes of a SHA-256, the same in every silo.</summary>
    public static long KeyOf(string schema) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("oversightledger/hangfire-schema/" + schema)));

    /// <summary>Waits for the lock of <paramref name="schema"/> on the PostgreSQL of <paramref name="connectionString"/>.</summary>
    public static HangfireSchemaLock Acquire(string connectionString, string schema, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        long key = KeyOf(schema);
        NpgsqlConnection? session = null;
        try
        {
            session = new NpgsqlConnection(unpooled.ConnectionString);
            session.Open();
            using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", session) { CommandTimeout = (int)WaitLimit.TotalSeconds };
            command.Parameters.AddWithValue("key", key);
            command.ExecuteNonQuery();
            return new HangfireSchemaLock(session, key);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            session?.Dispose();
            LogNotLocked(logger, e, schema);
            return new HangfireSchemaLock(null, key);
        }
    }

    /// <summary>Releases the lock, then closes its session (which releases it too, should the unlock fail).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _session, null) is not { } session)
        {
            return;
        }

        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", session);
            command.Parameters.AddWithValue("key", _key);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The session is broken or gone: closing it (or its end) releases the lock.
        }
        finally
        {
            session.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take the advisory lock of the Hangfire schema {Schema}; setting it up without it (Hangfire retries if another silo is setting it up too)")]
    private static partial void LogNotLocked(ILogger logger, Exception exception, string schema);
}
