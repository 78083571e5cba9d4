using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OversightLedger.Server.Persistence;

namespace OversightLedger.Server.Tests.Persistence;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "probe";
    private static readonly GrainId Grain = GrainId.Create("sqlite-probe", "alpha");

    private readonly SqliteTestDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reading_a_missing_record_gives_the_default_state_and_no_etag()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var state = new GrainState<SqliteProbeState>(new SqliteProbeState { Text = "left over" });

        await storage.ReadStateAsync(StateName, Grain, state, Ct);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State!.Text);
    }

    [Fact]
    public async Task A_write_reads_back_with_its_etag_and_each_write_moves_the_etag()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var written = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(42));

        await storage.WriteStateAsync(StateName, Grain, written, Ct);

        Assert.True(written.RecordExists);
        Assert.Equal("1", written.ETag);
        GrainState<SqliteProbeState> read = await ReadAsync(storage, StateName, Grain);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(42, read.State!.Counter);
        Assert.True(read.State!.IsConsistent());

        read.State = SqliteProbeState.ForCounter(43);
        await storage.WriteStateAsync(StateName, Grain, read, Ct);

        Assert.Equal("2", read.ETag);
        Assert.Equal(43, (await ReadAsync(storage, StateName, Grain)).State!.Counter);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        await storage.WriteStateAsync(StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1)), Ct);
        GrainState<SqliteProbeState> first = await ReadAsync(storage, StateName, Grain);
        GrainState<SqliteProbeState> second = await ReadAsync(storage, StateName, Grain);
        first.State = SqliteProbeState.ForCounter(2);
        await storage.WriteStateAsync(StateName, Grain, first, Ct);

        second.State = SqliteProbeState.ForCounter(99);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, second, Ct));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", second.ETag);
        GrainState<SqliteProbeState> stored = await ReadAsync(storage, StateName, Grain);
        Assert.Equal(2, stored.State!.Counter);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task A_write_without_an_etag_cannot_overwrite_an_existing_record()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        await storage.WriteStateAsync(StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1)), Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(
            StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(2)), Ct));

        Assert.Equal(1, (await ReadAsync(storage, StateName, Grain)).State!.Counter);
    }

    [Fact]
    public async Task A_write_with_an_etag_for_a_record_that_does_not_exist_is_rejected()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(
            StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1), "7"), Ct));

        Assert.False((await ReadAsync(storage, StateName, Grain)).RecordExists);
    }

    [Fact]
    public async Task Clear_removes_the_record_and_hands_out_an_etag_for_the_next_write()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var state = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(5));
        await storage.WriteStateAsync(StateName, Grain, state, Ct);

        await storage.ClearStateAsync(StateName, Grain, state, Ct);

        Assert.False(state.RecordExists);
        Assert.Equal("2", state.ETag);
        GrainState<SqliteProbeState> read = await ReadAsync(storage, StateName, Grain);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(0, read.State!.Counter);

        read.State = SqliteProbeState.ForCounter(6);
        await storage.WriteStateAsync(StateName, Grain, read, Ct);
        Assert.Equal("3", read.ETag);
        Assert.Equal(6, (await ReadAsync(storage, StateName, Grain)).State!.Counter);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_rejected()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var state = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1));
        await storage.WriteStateAsync(StateName, Grain, state, Ct);
        GrainState<SqliteProbeState> stale = await ReadAsync(storage, StateName, Grain);
        await storage.WriteStateAsync(StateName, Grain, state, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale, Ct));

        Assert.True((await ReadAsync(storage, StateName, Grain)).RecordExists);
    }

    [Fact]
    public async Task Clearing_a_record_that_was_never_written_does_nothing()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var state = new GrainState<SqliteProbeState>(new SqliteProbeState());

        await storage.ClearStateAsync(StateName, Grain, state, Ct);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null((await ReadAsync(storage, StateName, Grain)).ETag);
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_never_matches_a_record_written_after_it()
    {
        // With delete-on-clear, versions would restart and the old "1" would match the re-created record's "1".
        using SqliteGrainStorage storage = _directory.CreateStorage();
        var owner = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1));
        await storage.WriteStateAsync(StateName, Grain, owner, Ct);
        GrainState<SqliteProbeState> staleReader = await ReadAsync(storage, StateName, Grain);
        await storage.ClearStateAsync(StateName, Grain, owner, Ct);
        GrainState<SqliteProbeState> recreator = await ReadAsync(storage, StateName, Grain);
        recreator.State = SqliteProbeState.ForCounter(10);
        await storage.WriteStateAsync(StateName, Grain, recreator, Ct);

        staleReader.State = SqliteProbeState.ForCounter(666);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, staleReader, Ct));

        Assert.Equal(10, (await ReadAsync(storage, StateName, Grain)).State!.Counter);
    }

    [Fact]
    public async Task Records_are_keyed_by_state_name_and_grain_id()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();
        GrainId sameKeyOtherType = GrainId.Create("other-probe", "alpha");
        GrainId otherKey = GrainId.Create("sqlite-probe", "beta");
        await storage.WriteStateAsync(StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1)), Ct);
        await storage.WriteStateAsync("other-state", Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(2)), Ct);
        await storage.WriteStateAsync(StateName, sameKeyOtherType, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(3)), Ct);
        await storage.WriteStateAsync(StateName, otherKey, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(4)), Ct);

        Assert.Equal(1, (await ReadAsync(storage, StateName, Grain)).State!.Counter);
        Assert.Equal(2, (await ReadAsync(storage, "other-state", Grain)).State!.Counter);
        Assert.Equal(3, (await ReadAsync(storage, StateName, sameKeyOtherType)).State!.Counter);
        Assert.Equal(4, (await ReadAsync(storage, StateName, otherKey)).State!.Counter);
    }

    [Fact]
    public async Task Two_providers_on_one_file_see_each_others_writes_and_conflicts()
    {
        using SqliteGrainStorage first = _directory.CreateStorage();
        using SqliteGrainStorage second = _directory.CreateStorage();
        var written = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1));
        await first.WriteStateAsync(StateName, Grain, written, Ct);

        GrainState<SqliteProbeState> seen = await ReadAsync(second, StateName, Grain);
        Assert.Equal(1, seen.State!.Counter);
        seen.State = SqliteProbeState.ForCounter(2);
        await second.WriteStateAsync(StateName, Grain, seen, Ct);

        written.State = SqliteProbeState.ForCounter(3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WriteStateAsync(StateName, Grain, written, Ct));
        Assert.Equal(2, (await ReadAsync(first, StateName, Grain)).State!.Counter);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_from_two_providers_loses_no_increment()
    {
        const int Workers = 8;
        const int IncrementsPerWorker = 25;
        using SqliteGrainStorage first = _directory.CreateStorage();
        using SqliteGrainStorage second = _directory.CreateStorage();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(
            async () =>
            {
                SqliteGrainStorage storage = worker % 2 == 0 ? first : second;
                for (int done = 0; done < IncrementsPerWorker;)
                {
                    GrainState<SqliteProbeState> state = await ReadAsync(storage, StateName, Grain);
                    state.State = SqliteProbeState.ForCounter(state.State!.Counter + 1);
                    try
                    {
                        await storage.WriteStateAsync(StateName, Grain, state, Ct);
                        done++;
                    }
                    catch (InconsistentStateException)
                    {
                        // Another worker got there first: read again and retry, as a grain would after reactivation.
                    }
                }
            },
            Ct)));

        GrainState<SqliteProbeState> final = await ReadAsync(first, StateName, Grain);
        Assert.Equal(Workers * IncrementsPerWorker, final.State!.Counter);
        Assert.Equal((Workers * IncrementsPerWorker).ToString(System.Globalization.CultureInfo.InvariantCulture), final.ETag);
        Assert.True(final.State!.IsConsistent());
    }

    [Fact]
    public async Task A_state_written_before_dispose_is_read_back_by_a_new_provider_instance()
    {
        SqliteGrainStorage writer = _directory.CreateStorage();
        var state = new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(7));
        await writer.WriteStateAsync(StateName, Grain, state, Ct);
        writer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.ReadStateAsync(StateName, Grain, state, Ct));
        using SqliteGrainStorage reader = _directory.CreateStorage();
        GrainState<SqliteProbeState> read = await ReadAsync(reader, StateName, Grain);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(7, read.State!.Counter);
        Assert.True(read.State!.IsConsistent());
    }

    [Fact]
    public async Task The_directory_and_schema_are_created_on_first_use()
    {
        string databasePath = Path.Combine(_directory.Root, "nested", "data", "grains.db");
        using SqliteGrainStorage storage = _directory.CreateStorage(databasePath);
        Assert.False(Directory.Exists(Path.GetDirectoryName(databasePath)));

        await storage.WriteStateAsync(StateName, Grain, new GrainState<SqliteProbeState>(SqliteProbeState.ForCounter(1)), Ct);

        Assert.True(File.Exists(databasePath));
        Assert.Equal(databasePath, storage.DatabasePath);
    }

    [Fact]
    public async Task Every_connection_runs_in_wal_mode_with_synchronous_full()
    {
        using SqliteGrainStorage storage = _directory.CreateStorage();

        // Two connections at once, so the second cannot be the first one back from the pool.
        await using SqliteConnection first = await storage.OpenConnectionAsync(Ct);
        await using SqliteConnection second = await storage.OpenConnectionAsync(Ct);

        foreach (SqliteConnection connection in new[] { first, second })
        {
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
            Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;")); // 2 = FULL
        }
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused()
    {
        await using (var connection = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await ScalarAsync(connection, "PRAGMA user_version = 99;");
        }

        using SqliteGrainStorage storage = _directory.CreateStorage();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(storage, StateName, Grain));
        Assert.Contains("schema version 99", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<GrainState<SqliteProbeState>> ReadAsync(SqliteGrainStorage storage, string stateName, GrainId grainId)
    {
        var state = new GrainState<SqliteProbeState>(new SqliteProbeState());
        await storage.ReadStateAsync(stateName, grainId, state, Ct);
        return state;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
