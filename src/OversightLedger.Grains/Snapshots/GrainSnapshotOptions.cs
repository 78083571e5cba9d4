namespace OversightLedger.Grains.Snapshots;

/// <summary>When the budget and program grains write their state snapshots (configuration section <c>Snapshots</c>).</summary>
public sealed class GrainSnapshotOptions
{
    /// <summary>Whether grains restore from and write snapshots at all. Default: true (when a store is configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A grain writes a snapshot once it has applied this many entries since its last one. Default: 100,000.</summary>
    public int EveryEntries { get; set; } = 100_000;

    /// <summary>
    /// …or once this much time has passed since its last one and it has applied at least one entry since (checked when it
    /// applies entries). Default: 10 minutes.
    /// </summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(10);
}
