namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// The classes of the findings the <see cref="WatchdogMonitor"/> raises, written as <c>class</c> in FindingRaised and
/// named in a budget's <c>snapBackClasses</c> when a confirmed finding of that class should freeze it.
/// docs/WATCHDOG-RULES.md gives each rule's exact condition.
/// </summary>
public static class WatchdogRuleClass
{
    /// <summary>DESIGN §5.6: the same beneficiary pseudonym paid by two programs in one period.</summary>
    public const string DuplicateBeneficiary = "duplicate-beneficiary";

    /// <summary>A beneficiary paid more than its program's cap in a period (net), or above it gross through repeated reversals and re-payments.</summary>
    public const string OverCap = "over-cap";

    /// <summary>A program disbursing far above its own trailing rate.</summary>
    public const string Velocity = "velocity";

    /// <summary>An entry the ledger's own rules refuse (LedgerReplay's violations), or a leaf that is not an entry at all.</summary>
    public const string LedgerIntegrity = "ledger-integrity";

    /// <summary>Many payments of a program in a period just under an approval threshold.</summary>
    public const string Structuring = "structuring";

    /// <summary>A program reversing a large share of what it disbursed in a period.</summary>
    public const string Reversals = "reversals";

    /// <summary>A counterparty confirmed as a sanctions hit after the log shows it was paid (payments not reversed in full).</summary>
    public const string SanctionedCounterpartyPaid = "sanctioned-counterparty-paid";

    /// <summary>Every class, in the order of docs/WATCHDOG-RULES.md.</summary>
    public static IReadOnlyList<string> All { get; } = [DuplicateBeneficiary, OverCap, Velocity, LedgerIntegrity, Structuring, Reversals, SanctionedCounterpartyPaid];
}
