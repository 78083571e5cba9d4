using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Tests.Cluster;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>
/// The advisory lock silos take, on the real PostgreSQL of the azure-profile tests, while they set up Hangfire's schema:
/// one holder per schema at a time, released when the holder disposes it (its session ends); other schemas are not
/// held up; and a silo whose PostgreSQL does not answer goes on without it.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(AzureClusterCollection.Name)]
public sealed class HangfireSchemaLockTests(AzureTestComponents components)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_silo_waits_for_the_first_to_release_the_schemas_lock()
    {
        string schema = "hangfire_lock_" + Guid.NewGuid().ToString("N")[..12];
        HangfireSchemaLock first = HangfireSchemaLock.Acquire(components.PostgresConnectionString, schema, NullLogger.Instance);
        Assert.True(first.Held);
        Task<HangfireSchemaLock> second = Task.Run(() => HangfireSchemaLock.Acquire(components.PostgresConnectionString, schema, NullLogger.Instance), Ct);
        try
        {
            // Another schema's lock is another lock.
            using (HangfireSchemaLock other = HangfireSchemaLock.Acquire(components.PostgresConnectionString, schema + "_other", NullLogger.Instance))
            {
                Assert.True(other.Held);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.False(second.IsCompleted, "The second silo took the lock while the first held it.");
            Assert.Equal(1, await HoldersAsync(schema));
        }
        finally
        {
            first.Dispose();
        }

        using HangfireSchemaLock taken = await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(taken.Held);
        Assert.Equal(1, await HoldersAsync(schema));
        taken.Dispose();
        Assert.False(taken.Held);
        Assert.Equal(0, await HoldersAsync(schema));
    }

    [Fact]
    public void Without_an_answering_PostgreSQL_the_silo_goes_on_without_the_lock()
    {
        int closed = FreePorts.One();
        string unreachable = new NpgsqlConnectionStringBuilder(components.PostgresConnectionString) { Port = closed, Timeout = 5 }.ConnectionString;

        using HangfireSchemaLock none = HangfireSchemaLock.Acquire(unreachable, "hangfire", NullLogger.Instance);
        Assert.False(none.Held);
    }

    /// <summary>The sessions holding the schema's advisory lock, as <c>pg_locks</c> shows them.</summary>
    private async Task<long> HoldersAsync(string schema)
    {
        long key = HangfireSchemaLock.KeyOf(schema);
        await using var connection = new NpgsqlConnection(components.PostgresConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = (@key >> 32) & 4294967295 AND objid::bigint = @key & 4294967295",
            connection);
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
