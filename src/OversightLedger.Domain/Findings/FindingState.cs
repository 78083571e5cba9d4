namespace OversightLedger.Domain.Findings;

/// <summary>Where a finding stands in its lifecycle: raised → disputed (any number of times) → resolved.</summary>
public enum FindingState
{
    /// <summary>Raised by a watchdog (FindingRaised), not yet disputed or resolved.</summary>
    Raised,

    /// <summary>An agency disputed it at least once (FindingDisputed); still open.</summary>
    Disputed,

    /// <summary>The watchdog that raised it resolved it (FindingResolved): dismissed or confirmed. Closed for good.</summary>
    Resolved,
}
