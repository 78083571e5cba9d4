using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Building;

/// <summary>An exemption as the builder follows it up to the end of the quarter.</summary>
internal sealed class ExemptionState(ExemptionGranted granted, ulong leaf)
{
    public ExemptionGranted Granted { get; } = granted;

    public ulong GrantedLeaf { get; } = leaf;

    public DateTimeOffset Sunset { get; private set; } = granted.Sunset;

    public long Renewals { get; private set; }

    public void Renew(DateTimeOffset sunset)
    {
        Sunset = sunset;
        Renewals++;
    }
}
