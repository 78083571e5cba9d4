namespace OversightLedger.Server.Tests.Persistence;

/// <summary>A grain with one state on a named SQLite provider and one on the default provider.</summary>
[Alias("OversightLedger.Server.Tests.Persistence.ISqliteProbeGrain")]
public interface ISqliteProbeGrain : IGrainWithStringKey
{
    /// <summary>Writes <paramref name="text"/> to both states.</summary>
    [Alias("SetAsync")]
    Task SetAsync(string text);

    /// <summary>Reads both states as the activation holds them.</summary>
    [Alias("GetAsync")]
    Task<SqliteProbeSnapshot> GetAsync();
}
