namespace OversightLedger.Domain.Entries;

/// <summary>How a review closed (written by name: <c>passed</c>, <c>failed</c>, <c>missed</c>).</summary>
public enum ReviewOutcome
{
    /// <summary>The verifications dated in the window satisfy the rule and meet the target.</summary>
    Passed,

    /// <summary>The verifications dated in the window satisfy the rule and miss the target.</summary>
    Failed,

    /// <summary>The window closed without the verifications the rule requires (none, or too few verifiers or groups).</summary>
    Missed,
}
