namespace OversightLedger.Server.Tests.Persistence;

/// <summary>Persists its two states through the providers that <see cref="SqliteStorageSiloConfigurator"/> registers.</summary>
[GrainType(GrainTypeName)]
public sealed class SqliteProbeGrain(
    [PersistentState(SqliteProbeGrain.NamedStateName, SqliteStorageSiloConfigurator.StorageName)] IPersistentState<SqliteProbeState> named,
    [PersistentState(SqliteProbeGrain.DefaultStateName)] IPersistentState<SqliteProbeState> byDefault)
    : Grain, ISqliteProbeGrain
{
    public const string GrainTypeName = "sqlite-probe";
    public const string NamedStateName = "probe";
    public const string DefaultStateName = "probe-default";

    public async Task SetAsync(string text)
    {
        named.State = new SqliteProbeState { Text = text };
        await named.WriteStateAsync();
        byDefault.State = new SqliteProbeState { Text = text };
        await byDefault.WriteStateAsync();
    }

    public Task<SqliteProbeSnapshot> GetAsync() =>
        Task.FromResult(new SqliteProbeSnapshot(named.State.Text, named.RecordExists, byDefault.State.Text, byDefault.RecordExists));
}
