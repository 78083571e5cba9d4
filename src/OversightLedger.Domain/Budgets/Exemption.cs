using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

using OversightLedger.Domain.Money;

/// <summary>
/// A humanitarian exemption of a <see cref="ReliefBudget"/>: its scope (sectors, modalities, largest amount) and its
/// sunset. It matters only while the budget is frozen, and then only for humanitarian tranches.
/// </summary>
public sealed class Exemption
{
    internal Exemption(ExemptionGranted granted)
    {
        Granted = granted;
        Sunset = granted.Sunset;
    }

    /// <summary>The entry that granted it.</summary>
    public ExemptionGranted Granted { get; }

    /// <summary>The exemption id.</summary>
    public string Id => Granted.Exemption;

    /// <summary>The sectors covered.</summary>
    public NameSet Sectors => Granted.Sectors;

    /// <summary>The modalities covered.</summary>
    public NameSet Modalities => Granted.Modalities;

    /// <summary>The largest single disbursement covered.</summary>
    public Money MaxAmount => Granted.MaxAmount;

    /// <summary>The current sunset (moved by renewals): decisions strictly before it are covered.</summary>
    public DateTimeOffset Sunset { get; private set; }

    /// <summary>Whether an <see cref="ExemptionExpired"/> entry was recorded since the grant or the last renewal.</summary>
    public bool IsRecordedExpired { get; private set; }

    /// <summary>Whether the exemption applies to a decision taken at <paramref name="time"/>: before the sunset.</summary>
    public bool IsInForceAt(DateTimeOffset time) => time < Sunset;

    /// <summary>Whether a disbursement of this sector, modality and amount is within the scope.</summary>
    public bool Covers(string sector, string modality, Money amount)
    {
        ArgumentNullException.ThrowIfNull(amount);
        return Sectors.Contains(sector) && Modalities.Contains(modality)
            && amount.Currency == MaxAmount.Currency && amount.MinorUnits <= MaxAmount.MinorUnits;
    }

    internal void Renew(DateTimeOffset sunset)
    {
        Sunset = sunset;
        IsRecordedExpired = false;
    }

    internal void RecordExpired() => IsRecordedExpired = true;
}
