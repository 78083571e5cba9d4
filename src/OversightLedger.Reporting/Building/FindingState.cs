using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>A finding as the builder follows it up to the end of the quarter.</summary>
internal sealed class FindingState(FindingRaised raised, ulong leaf, bool raisedInQuarter)
{
    public FindingRaised Raised { get; } = raised;

    public ulong RaisedLeaf { get; } = leaf;

    public bool RaisedInQuarter { get; } = raisedInQuarter;

    public FindingStatus Status { get; set; } = FindingStatus.Open;

    public FindingDisputed? Dispute { get; set; }

    public ulong DisputeLeaf { get; set; }

    public bool DisputedInQuarter { get; set; }

    public FindingResolved? Resolution { get; set; }

    public ulong ResolutionLeaf { get; set; }

    public bool ResolvedInQuarter { get; set; }

    public bool IsResolved => Resolution is not null;

    public FindingReport ToReport() => new(
        Raised.Finding, Raised.Watchdog, Raised.Class, Raised.Budgets, Raised.Programs, Raised.Leaves, Raised.Summary, Raised.Time, RaisedLeaf,
        Status, Dispute?.Time, Dispute is null ? null : DisputeLeaf, Dispute?.By, Resolution?.Time, Resolution is null ? null : ResolutionLeaf,
        Resolution?.By, Resolution?.Action);
}
