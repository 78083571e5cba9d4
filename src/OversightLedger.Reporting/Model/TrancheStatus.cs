namespace OversightLedger.Reporting.Model;

/// <summary>Where a tranche stood at the end of the quarter.</summary>
public enum TrancheStatus
{
    /// <summary>Not released, and at least one of its benchmarks has no recorded verification; written <c>awaiting-benchmarks</c>.</summary>
    AwaitingBenchmarks,

    /// <summary>Not released, every benchmark verified; written <c>ready</c>.</summary>
    Ready,

    /// <summary>Released by the budget owner; written <c>released</c>.</summary>
    Released,
}
