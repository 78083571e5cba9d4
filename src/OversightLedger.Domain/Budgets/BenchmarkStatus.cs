namespace OversightLedger.Domain.Budgets;

/// <summary>Where a benchmark of a tranche stands (DESIGN §5.9).</summary>
public enum BenchmarkStatus
{
    /// <summary>Not enough verifications yet (for a defined benchmark: too few verifiers or groups, none disagreeing).</summary>
    Pending,

    /// <summary>Met: a bare benchmark has its verification; a defined one has its rule satisfied with every counted value meeting the target, or its owner decided it met.</summary>
    Met,

    /// <summary>A defined benchmark has its rule satisfied and every counted value misses the target, or its owner decided it not met.</summary>
    NotMet,

    /// <summary>Counted values disagree: at least one meets the target and at least one does not.</summary>
    Contested,
}
