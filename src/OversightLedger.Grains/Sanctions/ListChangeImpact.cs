namespace OversightLedger.Grains.Sanctions;

/// <summary>What the lists' changes since a screening can do to its result (<see cref="SanctionsLists.ImpactOfChanges"/>).</summary>
public enum ListChangeImpact
{
    /// <summary>Not known (the changes were not all seen here): screen in full.</summary>
    Unknown,

    /// <summary>Nothing that changed comes near the name, and none of its matches changed: the result stands.</summary>
    Unaffected,

    /// <summary>A changed entry comes near the name, or one of its matches changed or went: screen again.</summary>
    Affected,
}
