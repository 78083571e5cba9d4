namespace OversightLedger.Reporting.Model;

/// <summary>Where a watchdog finding stood at the end of the quarter.</summary>
public enum FindingStatus
{
    /// <summary>Raised, neither disputed nor resolved; written <c>open</c>.</summary>
    Open,

    /// <summary>Disputed by the agency, not yet resolved; written <c>disputed</c>.</summary>
    Disputed,

    /// <summary>Resolved: the finding does not stand; written <c>dismissed</c>.</summary>
    Dismissed,

    /// <summary>Resolved: the finding stands; written <c>confirmed</c>.</summary>
    Confirmed,
}
