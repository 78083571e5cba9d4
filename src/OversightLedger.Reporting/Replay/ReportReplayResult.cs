using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Replay;

/// <summary>What <see cref="ReportReplay.ReplayAsync"/> found: the report recomputed from the log, and every rule the log breaks.</summary>
/// <param name="Recomputed">The report recomputed from the log alone.</param>
/// <param name="Violations">Every rule violation <c>LedgerReplay</c> found in the whole history up to the checkpoint, in leaf order.</param>
public sealed record ReportReplayResult(QuarterlyReport Recomputed, IReadOnlyList<RuleViolation> Violations);
