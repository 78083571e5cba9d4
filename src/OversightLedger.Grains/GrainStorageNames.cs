namespace OversightLedger.Grains;

/// <summary>The names of the grain storage providers the grains ask for.</summary>
public static class GrainStorageNames
{
    /// <summary>Private ledger state that is not in the public log (keys, program secrets, snapshots).</summary>
    public const string Ledger = "ledger";
}
