namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>A tranche the scenario adds, has its one benchmark verified, and releases in full.</summary>
public sealed record ScenarioTranche(string Id, string Amount, bool Humanitarian)
{
    /// <summary>The tranche's one benchmark.</summary>
    public string Benchmark => "bm-" + Id;
}
