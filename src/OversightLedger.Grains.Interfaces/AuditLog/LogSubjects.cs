namespace OversightLedger.Grains.AuditLog;

/// <summary>The subject names under which the log indexes entries.</summary>
public static class LogSubjects
{
    /// <summary>The subject of every entry that names this budget.</summary>
    public static string Budget(string budgetId) => "budget/" + budgetId;

    /// <summary>The subject of every entry that names this program.</summary>
    public static string Program(string programId) => "program/" + programId;

    /// <summary>The subject of every entry that names this counterparty.</summary>
    public static string Counterparty(string counterpartyId) => "counterparty/" + counterpartyId;

    /// <summary>
    /// The kinds whose entries are also indexed by kind: the rare ones that open or list things (budgets, programs,
    /// exemptions, findings, reports, Bitcoin anchors, retired witness keys), never the millions of disbursements.
    /// </summary>
    public static IReadOnlySet<string> IndexedKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "BudgetOpened", "ProgramOpened", "ExemptionGranted", "FindingRaised", "ReportPublished", "CheckpointAnchored", "WitnessRetired",
        "SanctionsListLoaded", "CounterpartyRegistered",
        "JurisdictionSanctioned", "JurisdictionLifted", "LicenceRecorded", "LicenceAmended", "LicenceAttached", "LicenceExpired",
    };

    /// <summary>The subject of every entry of an indexed kind, e.g. <c>kind/BudgetOpened</c>.</summary>
    public static string OfKind(string kind) => "kind/" + kind;
}
