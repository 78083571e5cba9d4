using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Findings;

/// <summary>One finding as the log tells it: the FindingRaised entry, the disputes that followed, and its resolution.</summary>
public sealed class FindingRecord
{
    private readonly List<FindingDisputed> _disputes = [];

    internal FindingRecord(FindingRaised raised) => Raised = raised;

    /// <summary>The entry that raised the finding.</summary>
    public FindingRaised Raised { get; }

    /// <summary>The finding id.</summary>
    public string Id => Raised.Finding;

    /// <summary>The watchdog that raised it: the only one that may resolve it.</summary>
    public string Watchdog => Raised.Watchdog;

    /// <summary>The finding's class, e.g. <c>duplicate-beneficiary</c>.</summary>
    public string Class => Raised.Class;

    /// <summary>The disputes, in log order.</summary>
    public IReadOnlyList<FindingDisputed> Disputes => _disputes;

    /// <summary>The resolution; null while the finding is open.</summary>
    public FindingResolved? Resolution { get; private set; }

    /// <summary>Raised, disputed or resolved.</summary>
    public FindingState State =>
        Resolution is not null ? FindingState.Resolved : _disputes.Count > 0 ? FindingState.Disputed : FindingState.Raised;

    /// <summary>Whether the finding is resolved (dismissed or confirmed).</summary>
    public bool IsResolved => Resolution is not null;

    /// <summary>Whether the finding is resolved as confirmed: the one outcome that may trigger snap-back.</summary>
    public bool IsConfirmed => Resolution?.Outcome == FindingOutcome.Confirmed;

    internal void AddDispute(FindingDisputed disputed) => _disputes.Add(disputed);

    internal void Resolve(FindingResolved resolved) => Resolution = resolved;
}
