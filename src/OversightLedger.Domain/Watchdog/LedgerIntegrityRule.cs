using System.Globalization;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// <c>ledger-integrity</c>: a leaf that breaks the ledger's own rules, as <see cref="LedgerReplay"/> reports it (one
/// rule, one place: the budget and program rules are never re-implemented here), or that is not an entry at all. One
/// finding per offending leaf. <c>cap-exceeded</c> is left to the <c>over-cap</c> rule, which sees every payment that
/// crosses a cap.
/// </summary>
internal sealed class LedgerIntegrityRule(FindingOutbox outbox)
{
    /// <summary>The violations the replay reported for the leaf just observed; <paramref name="entry"/> is null when the leaf did not parse.</summary>
    internal void OnViolations(long leaf, LedgerEntry? entry, IReadOnlyList<RuleViolation> violations)
    {
        RuleViolation[] broken = [.. violations.Where(v => v.Code != RejectionCode.CapExceeded)];
        if (broken.Length == 0)
        {
            return;
        }

        string[] budgets = entry is not null && ReliefBudget.BudgetOf(entry) is { } budget ? [budget] : [];
        string[] programs = entry is not null && BeneficiaryProgram.ProgramOf(entry) is { } program ? [program] : [];
        string what = string.Join("; ", broken.Select(v => $"{v.Code}: {v.Message}"));
        outbox.Settle(
            WatchdogRuleClass.LedgerIntegrity,
            leaf.ToString(CultureInfo.InvariantCulture),
            budgets,
            programs,
            [leaf],
            () => entry is null
                ? string.Create(CultureInfo.InvariantCulture, $"Leaf {leaf} is not a well-formed ledger entry ({what}). The log accepts only canonical entries.")
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"Leaf {leaf} ({entry.Kind} '{entry.Id}') breaks the ledger's rules, which the ledger enforces before it appends: {what}."),
            alwaysInScope: entry is null);
    }
}
