namespace OversightLedger.Domain.Entries;

/// <summary>How a finding was resolved.</summary>
public enum FindingOutcome
{
    /// <summary>The finding does not stand; nothing follows.</summary>
    Dismissed,

    /// <summary>The finding stands; a corrective action is named, and a class named in a budget's terms triggers snap-back.</summary>
    Confirmed,
}
