namespace OversightLedger.Domain.Counterparties;

/// <summary>Where a counterparty's latest screening stands; only <see cref="Clear"/> and <see cref="Cleared"/> may be paid.</summary>
public enum ScreeningStatus
{
    /// <summary>Registered but not screened yet (no list was loaded): not payable.</summary>
    Unscreened = 0,

    /// <summary>Screened: no list entry scored at or above the threshold.</summary>
    Clear = 1,

    /// <summary>Screened: a hit, waiting for a compliance reviewer; not payable.</summary>
    Hit = 2,

    /// <summary>A hit a compliance reviewer cleared as a false positive.</summary>
    Cleared = 3,

    /// <summary>A hit a compliance reviewer confirmed: stays blocked.</summary>
    Confirmed = 4,
}
